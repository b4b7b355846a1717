import { BODY_PREVIEW_BYTES, bodyPreviewText } from '../store/index.ts';

/** The marker that replaces every secret- or signature-bearing value. */
export const REDACTED = '[redacted]';

/** Headers whose values are shown in history and event views. */
const SHOWN_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'user-agent',
  'accept',
  'accept-encoding',
  'host',
  'x-idempotency-key',
  'idempotency-key',
  'x-request-id',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-real-ip',
  'x-github-event',
  'x-github-delivery',
  'x-gitlab-event',
  'x-shopify-topic',
  'x-shopify-shop-domain',
  'x-shopify-webhook-id',
  'svix-id',
  'webhook-id',
  'svix-timestamp',
  'webhook-timestamp',
  'x-slack-request-timestamp',
  'stripe-version',
]);

const SECRET_LOOKING = /secret|signature|token|auth|key|hmac|cookie|password|sig$/i;

/** What history does with a header, whatever the connection: leave it out, show it, or redact it. */
type HeaderKind = 'hidden' | 'shown' | 'secret';

const HEADER_KINDS = new Map<string, HeaderKind>();

/**
 * The kind of a lower-case header name, memoized: senders repeat the same few names on every request.
 * Bounded, so arbitrary names cannot grow it (names past the bound are classified afresh each time).
 */
function headerKind(lower: string): HeaderKind {
  const hit = HEADER_KINDS.get(lower);
  if (hit !== undefined) return hit;
  const idempotency = lower.endsWith('idempotency-key');
  const kind =
    SECRET_LOOKING.test(lower) && !idempotency ? 'secret' : SHOWN_HEADERS.has(lower) ? 'shown' : 'hidden';
  if (HEADER_KINDS.size < 1024) HEADER_KINDS.set(lower, kind);
  return kind;
}

/**
 * Headers as kept in history: whitelisted ones with their value; the connection's credential header and
 * anything secret- or signature-bearing present but reading `[redacted]`; every other header left out.
 */
export function redactHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  credentialHeaders: ReadonlySet<string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  // `for…in` over a plain object visits its own keys in the order `Object.entries` gives, without
  // allocating an array per header.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const kind = credentialHeaders.has(lower) ? 'secret' : headerKind(lower);
    if (kind === 'secret') kept[lower] = REDACTED;
    else if (kind === 'shown') kept[lower] = value.slice(0, 512);
  }
  return kept;
}

/** The size of the body preview kept in history (the store derives previews with the same rule). */
export { BODY_PREVIEW_BYTES };

/**
 * The first 4 KB of the body as text (invalid UTF-8 replaced), with signature fields carried inside a
 * JSON body (We-Link's `hash`, …) replaced by `[redacted]`. `text`: the body already decoded by
 * `Buffer#toString` (the payload parser's), taken as it is when the whole body fits the preview.
 */
export function bodyPreview(body: Uint8Array, signatureFields: readonly string[], text?: string): string {
  if (signatureFields.length > 0) {
    const redacted = redactJsonFields(body, signatureFields);
    if (redacted !== null) return bodyPreviewText(Buffer.from(redacted));
  }
  return text !== undefined && body.byteLength <= BODY_PREVIEW_BYTES ? text : bodyPreviewText(body);
}

function redactJsonFields(body: Uint8Array, fields: readonly string[]): string | null {
  try {
    const value = JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    for (const path of fields) redactPath(value as Record<string, unknown>, path.split('.'));
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

function redactPath(target: Record<string, unknown>, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in target)) return;
  if (rest.length === 0) {
    target[head] = REDACTED;
    return;
  }
  const next = target[head];
  if (typeof next === 'object' && next !== null) redactPath(next as Record<string, unknown>, rest);
}
