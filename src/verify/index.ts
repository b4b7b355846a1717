/**
 * `hookgate/verify`, the public verifier library: exactly the API docs/verify-library.md documents, and the
 * types it names. test/verify/library/public-surface.test.ts keeps this list and the docs in step. The
 * gateway itself imports internal.ts.
 */
export type { FastifyRequestLike } from './adapters/fastify.ts';
export { fromFastifyRequest } from './adapters/fastify.ts';
export { fromFetchRequest, toFetchResponse } from './adapters/fetch.ts';
export type { NodeRequestLike } from './adapters/node.ts';
export { fromNodeRequest } from './adapters/node.ts';
export { defineProvider } from './engine/define.ts';
export type { ProviderSpec } from './engine/spec.ts';
export type {
  VerifiedWebhook,
  VerifySettings,
  WebhookOptions,
  WebhookVerifier,
} from './library/verify-webhook.ts';
export { createWebhookVerifier, verifyWebhook, verifyWebhookOrThrow } from './library/verify-webhook.ts';
export type { WebhookErrorCode } from './library/webhook-error.ts';
export { isWebhookVerificationError, WebhookVerificationError } from './library/webhook-error.ts';
export type { Scheme, SignedRequest } from './scheme.ts';
export type { CredentialVersion, HandshakeResponse, VerifyRequest, VerifyResult } from './types.ts';
export { signWith } from './verify-with.ts';
