import type { Insertable, Kysely } from 'kysely';
import type { Database, EventsTable, HistoryTable, StoreDialect } from './database-schema.ts';
import type { ForwardJobsTable } from './forward/forward-tables.ts';
import { pgBatchInsert } from './pg-batch-insert.ts';
import {
  type BatchStatements,
  claimId,
  claimsAnyKey,
  type KeyClaim,
  type WriteItem,
  type WriteResult,
  writeBatch,
} from './write-batch.ts';

/** Claims every key with one INSERT (in claim order: every writer locks keys in the same order). */
async function claimKeys(db: Kysely<Database>, claims: readonly KeyClaim[]): Promise<(string | null)[]> {
  const won = await db
    .insertInto('idempotency_keys')
    .values(
      claims.map((claim) => ({
        connection_id: claim.connectionId,
        key: claim.key,
        event_id: claim.eventId,
        created_at: claim.createdAt,
      })),
    )
    .onConflict((conflict) => conflict.columns(['connection_id', 'key']).doNothing())
    .returning(['connection_id', 'key', 'event_id'])
    .execute();
  const holders = new Map(won.map((row) => [claimId(row.connection_id, row.key), row.event_id]));
  const taken = claims.filter((claim) => !holders.has(claimId(claim.connectionId, claim.key)));
  if (taken.length > 0) {
    const held = await db
      .selectFrom('idempotency_keys')
      .select(['connection_id', 'key', 'event_id'])
      .where((eb) =>
        eb.or(
          taken.map((claim) =>
            eb.and([eb('connection_id', '=', claim.connectionId), eb('key', '=', claim.key)]),
          ),
        ),
      )
      .execute();
    for (const row of held) holders.set(claimId(row.connection_id, row.key), row.event_id);
  }
  return claims.map((claim) => {
    const holder = holders.get(claimId(claim.connectionId, claim.key));
    if (holder === undefined) throw new Error(`idempotency key ${claim.key} conflicted but cannot be read`);
    return holder === claim.eventId ? null : holder;
  });
}

/** Orders events by (`received_at`, `id`); returns `events` itself when they already are in that order. */
function inReceiptOrder(events: readonly Insertable<EventsTable>[]): readonly Insertable<EventsTable>[] {
  const before = (a: Insertable<EventsTable>, b: Insertable<EventsTable>): number =>
    a.received_at - b.received_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (let i = 1; i < events.length; i++) {
    const [previous, current] = [events[i - 1], events[i]];
    if (previous !== undefined && current !== undefined && before(previous, current) > 0) {
      return [...events].sort(before);
    }
  }
  return events;
}

/**
 * Inserts events, history rows and forward jobs. PostgreSQL: one statement (`WITH … INSERT INTO events …
 * [INSERT INTO forward_jobs …] INSERT INTO history …`, see `pgBatchInsert`); SQLite (no DML in WITH): one
 * multi-row INSERT per table. Each event's stream position (`seq`) is assigned in insert order: on SQLite
 * the batch's order, on PostgreSQL (`received_at`, `id`), the order its stream had before migration 0014
 * (the batch lists events in key-claim order, not receipt order).
 */
async function insertRows(
  db: Kysely<Database>,
  dialect: StoreDialect,
  events: readonly Insertable<EventsTable>[],
  history: readonly Insertable<HistoryTable>[],
  forwards: readonly Insertable<ForwardJobsTable>[],
): Promise<void> {
  if (dialect === 'postgres') {
    const statement = pgBatchInsert(inReceiptOrder(events), history, forwards);
    if (statement !== null) await db.executeQuery(statement);
    return;
  }
  if (events.length > 0) {
    await db
      .insertInto('events')
      .values([...events])
      .execute();
  }
  if (history.length > 0)
    await db
      .insertInto('history')
      .values([...history])
      .execute();
  if (forwards.length > 0)
    await db
      .insertInto('forward_jobs')
      .values([...forwards])
      .execute();
}

/** The batch statements on `db` (a Kysely instance or a transaction). */
export function kyselyBatchStatements(db: Kysely<Database>, dialect: StoreDialect): BatchStatements {
  return {
    claimKeys: (claims) => claimKeys(db, claims),
    insertRows: (events, history, forwards) => insertRows(db, dialect, events, history, forwards),
  };
}

/**
 * Commits a group-commit batch through Kysely. A batch that claims keys runs in a transaction (claims,
 * then rows). On PostgreSQL a batch that claims none (most senders send no key) is a single statement, not
 * BEGIN, INSERT, INSERT, COMMIT: four round trips become one, and those round trips, not the server's CPU,
 * bound PostgreSQL's inbound rate.
 */
export function commitKyselyBatch(
  db: Kysely<Database>,
  dialect: StoreDialect,
  items: readonly WriteItem[],
): Promise<readonly WriteResult[]> {
  if (dialect === 'postgres' && !claimsAnyKey(items)) {
    return writeBatch(kyselyBatchStatements(db, dialect), items);
  }
  return db.transaction().execute((trx) => writeBatch(kyselyBatchStatements(trx, dialect), items));
}
