/**
 * Fetch API adapter (Hono `c.req.raw`, Next.js route handlers, Cloudflare Workers, Deno, Bun): a standard
 * `Request` becomes a `VerifyRequest`, and a result becomes the `Response` to send when the handler should not
 * go on (a refusal or a provider handshake).
 */
import { WebhookVerificationError } from '../library/webhook-error.ts';
import type { VerifyRequest, VerifyResult } from '../types.ts';

/** Path and query of an absolute URL, exactly as serialized (no re-encoding). */
function pathAndQuery(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const hash = url.indexOf('#', start);
  return hash < 0 ? url.slice(start) : url.slice(start, hash);
}

/**
 * Reads a Fetch `Request` into a `VerifyRequest`: the body bytes from a clone (the original stays readable, so
 * `await request.json()` still works afterwards), lower-case headers, path and query, and the absolute URL as
 * `publicUrl` (override it with `publicUrl` when a proxy rewrites the host).
 * @throws {WebhookVerificationError} `INVALID_REQUEST` when the body was already read.
 */
export async function fromFetchRequest(request: Request): Promise<VerifyRequest> {
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'INVALID_REQUEST',
      'The request body was already read; verify the webhook before parsing it',
    );
  }
  const body = new Uint8Array(await request.clone().arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    method: request.method,
    url: pathAndQuery(request.url),
    headers,
    body,
    publicUrl: request.url,
  };
}

/**
 * The response to send instead of handling the event: `401` with the failure message, the provider's handshake
 * answer (Slack `url_verification`, Discord PING, …), or `undefined` when the event verified and the handler
 * should go on.
 */
export function toFetchResponse(result: VerifyResult): Response | undefined {
  if (!result.ok) {
    return Response.json({ error: { code: result.code, message: result.message } }, { status: 401 });
  }
  if (result.handshake === undefined) return undefined;
  const { status, contentType, body } = result.handshake;
  return new Response(body, { status, headers: { 'content-type': contentType } });
}
