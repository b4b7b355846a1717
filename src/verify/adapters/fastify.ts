/**
 * Fastify adapter: a route's `request` becomes a `VerifyRequest`. Fastify parses JSON by default, so the raw
 * bytes must be kept: register a content-type parser with `parseAs: 'buffer'` for the webhook route (then
 * `request.body` is a Buffer), or use a raw-body plugin that sets `request.rawBody`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { VerifyRequest } from '../types.ts';
import { nodeHeaders, rawBodyBytes } from './node.ts';

/** The parts of a `FastifyRequest` the adapter reads (structural: no dependency on Fastify's types). */
export interface FastifyRequestLike {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** Fastify 5: the URL before any rewrite. */
  readonly originalUrl?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** A Buffer or string when the route's parser kept the raw body (`parseAs: 'buffer'` or `'string'`). */
  readonly body?: unknown;
  /** Set by raw-body plugins (`fastify-raw-body`); preferred over `body`. */
  readonly rawBody?: unknown;
}

/**
 * Builds a `VerifyRequest` from a Fastify request.
 * @throws {WebhookVerificationError} `INVALID_REQUEST` when neither `rawBody` nor `body` holds the raw bytes.
 */
export function fromFastifyRequest(request: FastifyRequestLike): VerifyRequest {
  const raw = request.rawBody ?? request.body ?? new Uint8Array(0);
  return {
    method: request.method,
    url: request.originalUrl ?? request.url,
    headers: nodeHeaders(request.headers),
    body: rawBodyBytes(raw, "add a content-type parser with parseAs: 'buffer', or a raw-body plugin"),
  };
}
