/**
 * The signature scheme engine: schemes declared as data (`ProviderSpec`) and run by one verifier and signer.
 */
export * from './algorithms.ts';
export * from './compile.ts';
export * from './credential-keys.ts';
export * from './define.ts';
export * from './encoding.ts';
export * from './json-path.ts';
export * from './keys.ts';
export * from './match.ts';
export * from './request-parts.ts';
export * from './sign.ts';
export * from './signature-header.ts';
export * from './spec.ts';
export * from './template.ts';
export * from './timestamp.ts';
export * from './token.ts';
export * from './verify.ts';
