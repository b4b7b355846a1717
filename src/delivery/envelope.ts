import type { MessageRecord } from '../store/index.ts';

/** The envelope format version in `meta.apiVersion`. */
export const ENVELOPE_API_VERSION = '2026-01-01';

/** The User-Agent of deliveries. */
export const DELIVERY_USER_AGENT = 'hookgate-webhooks/1';

/**
 * Headers hookgate sets itself; an endpoint's custom headers may not use these names (lower-case).
 * Credential and signature headers of the endpoint's style are checked separately.
 */
export const RESERVED_HEADER_NAMES: ReadonlySet<string> = new Set([
  'host',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'user-agent',
  'authorization',
  'idempotency-key',
  'x-hookgate-event',
  'x-hookgate-event-id',
  'x-hookgate-attempt',
  'x-hookgate-timestamp',
  'x-hookgate-signature',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

/**
 * The delivered JSON (wexio-platform.md): `{ id, type, timestamp, data, meta: { eventId, event,
 * occurredAt, applicationId, connectionId?, sourceEventId?, messageId, apiVersion, attempt } }`. `id` and
 * `meta.eventId` are the message's event id on every attempt and endpoint; only `meta.attempt` changes.
 * `data` is spliced in as stored (JSON text made by `JSON.stringify` at publish).
 */
export function envelopeBody(message: MessageRecord, attempt: number): string {
  const occurredAt = new Date(message.createdAt).toISOString();
  const meta = {
    eventId: message.eventId,
    event: message.type,
    occurredAt,
    applicationId: message.applicationId,
    ...(message.connectionId !== null && { connectionId: message.connectionId }),
    ...(message.sourceEventId !== null && { sourceEventId: message.sourceEventId }),
    messageId: message.id,
    apiVersion: ENVELOPE_API_VERSION,
    attempt,
  };
  const head = `{"id":${JSON.stringify(message.eventId)},"type":${JSON.stringify(message.type)}`;
  return `${head},"timestamp":${JSON.stringify(occurredAt)},"data":${message.payload},"meta":${JSON.stringify(meta)}}`;
}

/**
 * The headers of one attempt, custom headers first so hookgate's own always win: `X-Hookgate-Event`,
 * `-Event-Id`, `-Attempt`, `-Timestamp` (unix seconds of this attempt) and `Idempotency-Key` (the
 * event id: the same on every retry).
 */
export function deliveryHeaders(
  message: MessageRecord,
  attempt: number,
  unixSeconds: number,
  custom: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(custom)) {
    if (!RESERVED_HEADER_NAMES.has(name.toLowerCase())) headers[name] = value;
  }
  return {
    ...headers,
    'Content-Type': 'application/json',
    'User-Agent': DELIVERY_USER_AGENT,
    'X-Hookgate-Event': message.type,
    'X-Hookgate-Event-Id': message.eventId,
    'X-Hookgate-Attempt': String(attempt),
    'X-Hookgate-Timestamp': String(unixSeconds),
    'Idempotency-Key': message.eventId,
  };
}
