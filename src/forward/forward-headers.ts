import type { Scheme } from '../verify/internal.ts';

/** Headers that describe one hop of a connection, never the message: not forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

/**
 * The headers that carry a connection's credential itself, as opposed to a signature made with it: those
 * of the schemes where the sender presents the secret (`shared_secret` and the provider token modes, whose
 * secret is kept as a hash, and `api_key`), e.g. `x-webhook-secret`, `x-api-key`, Okta's `authorization`.
 * Signature headers (`stripe-signature`, `x-hub-signature-256`, an `hmac` connection's header) are not
 * credentials: they are forwarded so the backend may verify them too.
 */
export function credentialBearingHeaders<Config>(
  scheme: Pick<Scheme<Config>, 'id' | 'storage' | 'credentialHeaders'>,
  config: Config,
): readonly string[] {
  const presented = scheme.storage === 'hash' || scheme.id === 'api_key';
  return presented ? (scheme.credentialHeaders?.(config) ?? []) : [];
}

/** Names hookgate sets on every forward; an inbound header or `forward.headers` cannot supply them. */
export function isReservedForwardHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'content-type' || lower.startsWith('webhook-') || lower.startsWith('x-hookgate-');
}

/** True for a name that is hop-by-hop (the fixed list; `Connection:` may name more). */
export function isHopByHopHeader(name: string): boolean {
  return HOP_BY_HOP.has(name.toLowerCase());
}

/**
 * The inbound request's headers to forward with its event: everything but the hop-by-hop headers (the
 * fixed list and every name listed in `Connection:`), the connection's own credential headers (the
 * secret the sender proves itself with is never passed on) and the names hookgate sets itself. Provider
 * signature headers stay, so the backend may verify them as well. Names are lower-cased.
 */
export function forwardedHeaders(
  inbound: Readonly<Record<string, string | undefined>>,
  credentialHeaders: readonly string[],
): Record<string, string> {
  const dropped = new Set(credentialHeaders.map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(inbound)) {
    if (name.toLowerCase() !== 'connection' || value === undefined) continue;
    for (const listed of value.split(',')) dropped.add(listed.trim().toLowerCase());
  }
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(inbound)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || dropped.has(lower) || isReservedForwardHeader(lower)) continue;
    kept[lower] = value;
  }
  return kept;
}

/** What one forward attempt carries besides the stored inbound headers. */
export interface ForwardHeaderParts {
  /** The stored inbound headers (see {@link forwardedHeaders}). */
  readonly inbound: Readonly<Record<string, string>>;
  /** The connection's `forward.headers`. */
  readonly custom: Readonly<Record<string, string>>;
  readonly contentType: string | null;
  readonly connectionId: string;
  readonly eventId: string;
  /** `webhook-id`, `webhook-timestamp`, `webhook-signature` of this attempt. */
  readonly signature: Readonly<Record<string, string>>;
}

/**
 * The headers of one attempt, later entries winning: inbound headers, then `forward.headers`, then what
 * hookgate sets (content type, `x-hookgate-*`, Standard Webhooks). Reserved names in the first two are
 * skipped here too, whatever was stored.
 */
export function forwardRequestHeaders(parts: ForwardHeaderParts): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const source of [parts.inbound, parts.custom]) {
    for (const [name, value] of Object.entries(source)) {
      const lower = name.toLowerCase();
      if (!isReservedForwardHeader(lower) && !HOP_BY_HOP.has(lower)) headers[lower] = value;
    }
  }
  if (parts.contentType !== null) headers['content-type'] = parts.contentType;
  headers['x-hookgate-connection-id'] = parts.connectionId;
  headers['x-hookgate-event-id'] = parts.eventId;
  return { ...headers, ...parts.signature };
}
