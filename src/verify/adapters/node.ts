/**
 * Node.js `http.IncomingMessage` adapter (plain `http`, Express, Koa, Fastify's `request.raw`): the request
 * plus its raw body bytes become a `VerifyRequest`. Signatures cover the exact bytes sent, so the body must be
 * read before any JSON parser touches it (Express: `express.raw({ type: '*\/*' })`, not `express.json()`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { WebhookVerificationError } from '../library/webhook-error.ts';
import type { VerifyRequest } from '../types.ts';

/** The parts of an `IncomingMessage` (or Express request) the adapter reads. */
export interface NodeRequestLike {
  readonly method?: string | undefined;
  /** Path and query as received (Express rewrites it inside mounted routers; `originalUrl` wins). */
  readonly url?: string | undefined;
  /** Express: the URL before router mounting stripped its prefix. */
  readonly originalUrl?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** Node's header map as the verifier contract wants it: lower-case names, repeated values joined with `, `. */
export function nodeHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(', ');
  }
  return out;
}

/**
 * The raw body as bytes: a Buffer / Uint8Array as read from the socket, or a string taken as its UTF-8 bytes.
 * @throws {WebhookVerificationError} `INVALID_REQUEST` for anything else (a body a JSON parser already parsed).
 */
export function rawBodyBytes(body: unknown, hint: string): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new WebhookVerificationError(
    'INVALID_REQUEST',
    `Webhook verification needs the raw request body bytes (${hint})`,
  );
}

/**
 * Builds a `VerifyRequest` from a Node request and its raw body.
 * @param request - an `http.IncomingMessage` or an Express request
 * @param rawBody - the exact body bytes (`express.raw()` puts them in `req.body`)
 * @throws {WebhookVerificationError} `INVALID_REQUEST` when `rawBody` is not bytes or a string.
 */
export function fromNodeRequest(request: NodeRequestLike, rawBody: unknown): VerifyRequest {
  return {
    method: request.method ?? 'POST',
    url: request.originalUrl ?? request.url ?? '/',
    headers: nodeHeaders(request.headers),
    body: rawBodyBytes(rawBody, "use express.raw({ type: '*/*' }) or read the stream; not express.json()"),
  };
}
