/** The verifier library (`hookgate/verify`): contracts, the scheme registry, auth preparation. Re-exports only. */
export * from './auth-input.ts';
export * from './prepare-auth.ts';
export * from './registry.ts';
export * from './scheme.ts';
export * from './schemes/api-key.ts';
export * from './schemes/body-hash.ts';
export * from './schemes/hmac.ts';
export * from './schemes/shared-secret.ts';
export * from './types.ts';
export * from './verify-with.ts';
