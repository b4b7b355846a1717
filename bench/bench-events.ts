// What the inbound benchmarks send and store: one 1 KB JSON body, and the accepted event (with its history
// row) that hookgate writes for it, for the benchmarks that drive a store directly.
import { newId } from '../src/core/ids.ts';
import type { EventRecord, HistoryRecord } from '../src/store/types.ts';
import type { WriteItem } from '../src/store/write-batch.ts';

/** The request body every inbound benchmark sends: 1 KB of JSON. */
export const BENCH_BODY = JSON.stringify({
  type: 'order.updated',
  data: { id: 42, note: 'x'.repeat(960) },
}).slice(0, 1024);

const bodyBytes = new TextEncoder().encode(BENCH_BODY);

/** The headers history keeps for a `bench:cpu` request (autocannon adds host and content-length). */
const headers = {
  host: '127.0.0.1:39017',
  'content-type': 'application/json',
  'x-signature': '[redacted]',
  'content-length': '1024',
};

/**
 * The write item of one accepted `BENCH_BODY` request on `connectionId`, received at `at`, claiming
 * `idempotencyKey` when given.
 */
export function benchAcceptItem(
  connectionId: string,
  at: number,
  idempotencyKey: string | null = null,
): WriteItem {
  const event: EventRecord = {
    id: newId('evt'),
    connectionId,
    receivedAt: at,
    contentType: 'application/json',
    headers,
    body: bodyBytes,
    idempotencyKey,
  };
  const history: HistoryRecord = {
    id: newId('hst'),
    connectionId,
    receivedAt: at,
    outcome: 'ACCEPTED',
    message: null,
    headers,
    bodyPreview: BENCH_BODY,
    bodySize: bodyBytes.length,
    eventId: event.id,
    duplicateOf: null,
    contactId: null,
    repeatCount: 1,
  };
  return { kind: 'accept', event, history };
}
