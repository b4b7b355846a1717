/**
 * The verifier as the gateway uses it: contracts, the scheme registry and engine, the provider catalogue, auth
 * preparation, the adapters and the library entry points. The gateway's own way in; library users get the
 * documented part of it from index.ts (`hookgate/verify`), so renaming anything here breaks no one outside.
 */
export * from './adapters/fastify.ts';
export * from './adapters/fetch.ts';
export * from './adapters/node.ts';
export * from './auth-input.ts';
export * from './engine/index.ts';
export * from './library/verify-webhook.ts';
export * from './library/webhook-error.ts';
export * from './prepare-auth.ts';
export * from './providers/catalogue.ts';
export * from './providers/index.ts';
export * from './providers/presets.ts';
export * from './registry.ts';
export * from './scheme.ts';
export * from './schemes/api-key.ts';
export * from './schemes/body-hash.ts';
export * from './schemes/hmac.ts';
export * from './schemes/scheme-helpers.ts';
export * from './schemes/shared-secret.ts';
export * from './schemes/static-secret.ts';
export * from './types.ts';
export * from './verify-with.ts';
