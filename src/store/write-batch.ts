import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import { fromEventRecord, fromHistoryRecord, withoutNulOrNull } from './row-mappers.ts';
import type { AcceptResult, EventRecord, HistoryRecord } from './types.ts';

/** One write queued for group commit: an event to accept, or a history row alone. */
export type WriteItem =
  | { readonly kind: 'accept'; readonly event: EventRecord; readonly history: HistoryRecord }
  | { readonly kind: 'history'; readonly history: HistoryRecord };

/** What a write did: `acceptEvent`'s result, or `recorded` for a history row alone. */
export type WriteResult = AcceptResult | { readonly status: 'recorded'; readonly historyId: string };

/** The idempotency key an item claims, as one sortable string; empty when it claims none. */
function lockKeyOf(item: WriteItem): string {
  if (item.kind !== 'accept' || item.event.idempotencyKey === null) return '';
  return `${item.event.connectionId}\u0000${withoutNulOrNull(item.event.idempotencyKey)}`;
}

/**
 * Item indexes in the order their idempotency keys are claimed: sorted by key (stable, so equal keys
 * keep their submission order), which makes every batch take key locks in the same order and keeps two
 * PostgreSQL processes from deadlocking on each other's keys.
 */
function claimOrder(items: readonly WriteItem[]): number[] {
  const keys = items.map(lockKeyOf);
  return [...items.keys()].sort((a, b) => {
    const left = keys[a] ?? '';
    const right = keys[b] ?? '';
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/**
 * Accepts one event inside the batch transaction. The key is claimed with INSERT … ON CONFLICT DO
 * NOTHING RETURNING, so the unique constraint decides between racing writers (in this batch, in another
 * batch, or in another process): no row back means the key was already used, and the request is recorded
 * as a DUPLICATE of the first event instead of being stored (message `Duplicate of <id>` unless the
 * caller gave one: the same text as the ingest's fast path).
 */
async function acceptOne(
  trx: Transaction<Database>,
  event: EventRecord,
  history: HistoryRecord,
): Promise<AcceptResult> {
  const key = withoutNulOrNull(event.idempotencyKey);
  if (key !== null) {
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({ connection_id: event.connectionId, key, event_id: event.id, created_at: event.receivedAt })
      .onConflict((conflict) => conflict.columns(['connection_id', 'key']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (claimed === undefined) {
      const first = await trx
        .selectFrom('idempotency_keys')
        .select('event_id')
        .where('connection_id', '=', event.connectionId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (first === undefined) throw new Error(`idempotency key ${key} conflicted but cannot be read`);
      const duplicate: HistoryRecord = {
        ...history,
        outcome: 'DUPLICATE',
        message: history.message ?? `Duplicate of ${first.event_id}`,
        eventId: null,
        duplicateOf: first.event_id,
      };
      await trx.insertInto('history').values(fromHistoryRecord(duplicate)).execute();
      return { status: 'duplicate', eventId: first.event_id, historyId: history.id };
    }
  }
  await trx.insertInto('events').values(fromEventRecord(event)).execute();
  const accepted = { ...history, eventId: event.id, duplicateOf: null };
  await trx.insertInto('history').values(fromHistoryRecord(accepted)).execute();
  return { status: 'accepted', eventId: event.id, historyId: history.id };
}

/** Applies one queued write inside the batch transaction. */
async function applyWrite(trx: Transaction<Database>, item: WriteItem): Promise<WriteResult> {
  if (item.kind === 'accept') return acceptOne(trx, item.event, item.history);
  await trx.insertInto('history').values(fromHistoryRecord(item.history)).execute();
  return { status: 'recorded', historyId: item.history.id };
}

/** Commits a batch of writes in one transaction; results are in item order. */
export async function commitWriteBatch(
  db: Kysely<Database>,
  items: readonly WriteItem[],
): Promise<readonly WriteResult[]> {
  return db.transaction().execute(async (trx) => {
    const results: WriteResult[] = [];
    for (const index of claimOrder(items)) {
      const item = items[index];
      if (item !== undefined) results[index] = await applyWrite(trx, item);
    }
    return results;
  });
}
