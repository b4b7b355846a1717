import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, EventsTable, HistoryTable } from './database-schema.ts';
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

/** Whether any item of the batch claims an idempotency key (and so needs the claim-first transaction). */
export function claimsAnyKey(items: readonly WriteItem[]): boolean {
  return items.some((item) => lockKeyOf(item) !== '');
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
 * The three writes a group commit is made of, inside one transaction that the caller opened: Kysely on
 * either dialect (`kyselyBatchStatements`), or prepared `node:sqlite` statements on the SQLite writer thread.
 */
export interface BatchStatements {
  /**
   * Claims (connection, key) for an event with INSERT … ON CONFLICT DO NOTHING, so the unique constraint
   * decides between racing writers. Returns null when the key was claimed, else the first event's id.
   */
  claimKey(connectionId: string, key: string, eventId: string, createdAt: number): Promise<string | null>;
  /** Inserts events rows. */
  insertEvents(rows: readonly Insertable<EventsTable>[]): Promise<void>;
  /** Inserts history rows. */
  insertHistory(rows: readonly Insertable<HistoryTable>[]): Promise<void>;
}

/** The batch writes through Kysely, in the transaction `trx`: one multi-row INSERT per table. */
export function kyselyBatchStatements(trx: Transaction<Database>): BatchStatements {
  return {
    async claimKey(connectionId, key, eventId, createdAt) {
      const claimed = await trx
        .insertInto('idempotency_keys')
        .values({ connection_id: connectionId, key, event_id: eventId, created_at: createdAt })
        .onConflict((conflict) => conflict.columns(['connection_id', 'key']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (claimed !== undefined) return null;
      const first = await trx
        .selectFrom('idempotency_keys')
        .select('event_id')
        .where('connection_id', '=', connectionId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (first === undefined) throw new Error(`idempotency key ${key} conflicted but cannot be read`);
      return first.event_id;
    },
    async insertEvents(rows) {
      if (rows.length > 0)
        await trx
          .insertInto('events')
          .values([...rows])
          .execute();
    },
    async insertHistory(rows) {
      if (rows.length > 0)
        await trx
          .insertInto('history')
          .values([...rows])
          .execute();
    },
  };
}

/**
 * Writes a batch through `statements` (the caller's transaction); results are in item order. Keys are
 * claimed one by one (in a fixed order); then the batch's events and history rows are inserted. A
 * duplicate is recorded as a DUPLICATE history row of the first event (message `Duplicate of <id>` unless
 * the caller gave one: the same text as the ingest's fast path) and its event is not stored.
 */
export async function writeBatch(
  statements: BatchStatements,
  items: readonly WriteItem[],
): Promise<readonly WriteResult[]> {
  const results: WriteResult[] = [];
  const events: EventRecord[] = [];
  const rows: HistoryRecord[] = [];
  for (const index of claimOrder(items)) {
    const item = items[index];
    if (item === undefined) continue;
    const historyId = item.history.id;
    if (item.kind === 'history') {
      rows.push(item.history);
      results[index] = { status: 'recorded', historyId };
      continue;
    }
    const { event, history } = item;
    const key = withoutNulOrNull(event.idempotencyKey);
    const firstId =
      key === null ? null : await statements.claimKey(event.connectionId, key, event.id, event.receivedAt);
    if (firstId === null) {
      events.push(event);
      rows.push({ ...history, eventId: event.id, duplicateOf: null });
      results[index] = { status: 'accepted', eventId: event.id, historyId };
    } else {
      const message = history.message ?? `Duplicate of ${firstId}`;
      rows.push({ ...history, outcome: 'DUPLICATE', message, eventId: null, duplicateOf: firstId });
      results[index] = { status: 'duplicate', eventId: firstId, historyId };
    }
  }
  await statements.insertEvents(events.map(fromEventRecord));
  await statements.insertHistory(rows.map(fromHistoryRecord));
  return results;
}

/** Commits a batch of writes in one Kysely transaction (see `writeBatch`). */
export function commitWriteBatch(
  db: Kysely<Database>,
  items: readonly WriteItem[],
): Promise<readonly WriteResult[]> {
  return db.transaction().execute((trx) => writeBatch(kyselyBatchStatements(trx), items));
}
