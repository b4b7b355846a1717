// What the inbound benchmarks send and store: one 1 KB JSON body, and the accepted event (with its history
// row) that hookgate writes for it, for the benchmarks that drive a store directly.
import { newId } from '../src/core/ids.ts';
import { connectionAuth } from '../src/store/connection-auth.ts';
import { createStore, type StoreOptions } from '../src/store/create-store.ts';
import type { ConnectionRecord, EventRecord, HistoryRecord } from '../src/store/types.ts';
import type { WriteItem } from '../src/store/write-batch.ts';

/** An enabled hmac connection `id` created at `at`, without a secret: what bench rows belong to. */
export function benchConnection(id: string, at: number): ConnectionRecord {
  return {
    id,
    name: id,
    mode: 'hmac',
    authConfig: connectionAuth('hmac', {}),
    secretPreview: null,
    maxBodyBytes: null,
    enabled: true,
    createdAt: at,
    updatedAt: at,
    rotationReminderDays: null,
  };
}

/**
 * Migrates the store `options` names and adds the hmac connection `id` (the rows' foreign keys need it),
 * then closes the store: for the benchmarks that write through their own connections.
 */
export async function migrateWithConnection(options: StoreOptions, id: string): Promise<void> {
  const store = createStore(options);
  try {
    await store.migrate();
    await store.createConnection(benchConnection(id, Date.now()), null);
  } finally {
    await store.close();
  }
}

/** The request body every inbound benchmark sends: 1 KB of JSON. */
export const BENCH_BODY = JSON.stringify({
  type: 'order.updated',
  data: { id: 42, note: 'x'.repeat(960) },
}).slice(0, 1024);

const bodyBytes = new TextEncoder().encode(BENCH_BODY);

/**
 * The header that gives every request a new idempotency key: autocannon replaces `[<id>]` with a new id
 * per request (`uniqueIds` of run-load.ts).
 */
export const NEW_IDEMPOTENCY_KEY = { 'x-idempotency-key': 'bench-[<id>]' } as const;

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
