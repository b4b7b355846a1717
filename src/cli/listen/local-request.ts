import { z } from 'zod';
import { signDelivery } from '../../delivery/index.ts';
import { isHopByHopHeader } from '../../forward/index.ts';

/** An event as the stream carries it (the `GET /api/v1/events/{id}` view). */
export const streamedEventSchema = z.object({
  id: z.string().min(1),
  connectionId: z.string().min(1),
  receivedAt: z.string(),
  contentType: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  body: z.string().describe('base64 of the exact bytes received'),
});

/** One streamed event. */
export type StreamedEvent = z.output<typeof streamedEventSchema>;

/** The value the gateway stores instead of a credential or signature header (see docs/history.md). */
const REDACTED = '[redacted]';

/** What to POST to the local app for one event. */
export interface LocalRequest {
  readonly headers: Record<string, string>;
  readonly body: Uint8Array<ArrayBuffer>;
}

/**
 * The request `listen` sends for `event`: its exact body bytes; the headers the gateway shows for it
 * except hop-by-hop ones and those it keeps only as `[redacted]` (credentials and signatures: the value is
 * not stored, and a placeholder would only fail the app's own checks); its content type; and the same
 * headers hookgate's forwarding adds, `x-hookgate-event-id`, `x-hookgate-connection-id` and Standard
 * Webhooks `webhook-id` / `webhook-timestamp` / `webhook-signature`, signed with `secret` at `unixSeconds`.
 * Those cannot be replaced by a stored header of the same name.
 */
export function localRequest(event: StreamedEvent, secret: string, unixSeconds: number): LocalRequest {
  const body = Buffer.from(event.body, 'base64');
  const named = new Set(
    (event.headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers)) {
    const lower = name.toLowerCase();
    if (isHopByHopHeader(lower) || named.has(lower) || value === REDACTED) continue;
    headers[lower] = value;
  }
  if (event.contentType !== null) headers['content-type'] = event.contentType;
  // Accepted bodies are strict UTF-8 (anything else is refused as INVALID_JSON), so the text signed here
  // is exactly the bytes sent.
  const signed = signDelivery({
    signing: { style: 'standard_webhooks', secretScope: 'endpoint' },
    secrets: [secret],
    body: body.toString('utf8'),
    eventId: event.id,
    unixSeconds,
  });
  if (!signed.ok) throw new Error(`cannot sign with the local secret: ${signed.message}`);
  return {
    body,
    headers: {
      ...headers,
      ...signed.headers,
      'x-hookgate-event-id': event.id,
      'x-hookgate-connection-id': event.connectionId,
    },
  };
}
