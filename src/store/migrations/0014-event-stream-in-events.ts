import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/**
 * Migration 0014: an event's place in the event stream (`seq`, on PostgreSQL also `tx_id`) becomes part of
 * its `events` row and the `event_stream` table goes. Each accepted event wrote two rows before (the event
 * with its primary key and 2 indexes, and its stream row with a unique event id and 2 indexes); now it
 * writes one. Existing events keep the `seq` (and `tx_id`) they had in `event_stream`, so the stream order
 * is unchanged and a client's cursor (the id of the last event it got) still resolves to the same place.
 *
 * SQLite: `events` is rebuilt with `seq INTEGER PRIMARY KEY AUTOINCREMENT` as its rowid (AUTOINCREMENT so a
 * number is never handed out twice, even after the newest events were deleted) and `id` UNIQUE (the key
 * that `forward_jobs`, `processing_jobs` and `processing_runs` reference). PostgreSQL: `events` gains an
 * identity column and the inserting transaction's id; the statement trigger that filled `event_stream`
 * and its function are dropped.
 */
export function eventStreamInEventsMigration(dialect: StoreDialect): Migration {
  return { up: dialect === 'postgres' ? postgresUp : sqliteUp };
}

/**
 * SQLite's documented way to change a table's definition (lang_altertable.html, "Making Other Kinds Of
 * Table Schema Changes"): with foreign keys off, build the new table, copy the rows, drop the old one,
 * rename the new one into its place, rebuild the indexes, check the foreign keys, commit. Foreign keys
 * must be off: dropping `events` with them on would delete every row that references an event (the
 * cascades of `forward_jobs`, `processing_jobs`, `processing_runs`). `PRAGMA foreign_keys` cannot change
 * inside a transaction, and Kysely runs SQLite migrations outside one (SQLite's DDL is not transactional
 * to Kysely), so this migration opens its own.
 */
async function sqliteUp(db: Kysely<unknown>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    if (Number(rows[0]?.foreign_keys) !== 0) {
      throw new Error('foreign keys cannot be turned off (a transaction is open): events cannot be rebuilt');
    }
    await sql`begin`.execute(db);
    try {
      await rebuildSqliteEvents(db);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

/** The rebuild itself, inside the caller's transaction (see `sqliteUp`). */
async function rebuildSqliteEvents(db: Kysely<unknown>): Promise<void> {
  // A crash after this migration committed but before the migrator recorded it: already done.
  const { rows: done } = await sql`select 1 from pragma_table_info('events') where name = 'seq'`.execute(db);
  if (done.length > 0) return;
  // `tx_id` is virtual (never stored): SQLite commits one write transaction at a time, so `seq` alone is
  // commit order; the column only lets the stream read `tx_id` the same way on both stores.
  await sql`create table events_new (
      seq integer primary key autoincrement,
      id text not null unique,
      connection_id text not null references connections (id) on delete cascade,
      received_at bigint not null,
      content_type text,
      headers text not null,
      body blob not null,
      idempotency_key text,
      tx_id integer generated always as (0) virtual)`.execute(db);
  // In stream order, each with its stream position; an event without one (there should be none) gets
  // the next numbers, in receipt order.
  await sql`insert into events_new
      (seq, id, connection_id, received_at, content_type, headers, body, idempotency_key)
    select s.seq, e.id, e.connection_id, e.received_at, e.content_type, e.headers, e.body, e.idempotency_key
    from events e left join event_stream s on s.event_id = e.id
    order by s.seq is null, s.seq, e.received_at, e.id`.execute(db);
  // Numbers already handed out stay used: continue after the old stream's high-water mark, which is above
  // max(seq) when the newest events were deleted (retention, a deleted connection).
  await sql`insert into sqlite_sequence (name, seq)
    select 'events_new', 0 where not exists (select 1 from sqlite_sequence where name = 'events_new')`.execute(
    db,
  );
  await sql`update sqlite_sequence
    set seq = max(seq, coalesce((select seq from sqlite_sequence where name = 'event_stream'), 0))
    where name = 'events_new'`.execute(db);
  await sql`drop table event_stream`.execute(db);
  await sql`drop table events`.execute(db);
  await sql`alter table events_new rename to events`.execute(db);
  // The stream per connection (and the cascade from a deleted connection); receipt time for `since`
  // lookups and retention. The stream over all connections reads the rowid itself.
  await sql`create index events_connection_seq_idx on events (connection_id, seq)`.execute(db);
  await sql`create index events_received_idx on events (received_at)`.execute(db);
  const { rows: broken } = await sql`pragma foreign_key_check`.execute(db);
  if (broken.length > 0) {
    throw new Error(`rebuilding events broke ${broken.length} foreign key reference(s)`);
  }
}

/**
 * PostgreSQL: `seq` (identity, continuing after the old stream sequence) and `tx_id` (the inserting
 * transaction, `xid8`) on `events`, filled from `event_stream`. The migrator runs this in one transaction;
 * the table lock keeps instances still running the previous version from inserting events meanwhile.
 */
async function postgresUp(db: Kysely<unknown>): Promise<void> {
  await sql`lock table events, event_stream in access exclusive mode`.execute(db);
  await sql`drop trigger events_stream_append on events`.execute(db);
  await sql`drop function hookgate_event_stream_append()`.execute(db);
  // Replaced by the per-connection stream index below (which also serves the connection cascade); dropped
  // first so the update below does not maintain it.
  await sql`drop index events_connection_received_idx`.execute(db);
  await sql`alter table events add column seq bigint, add column tx_id xid8`.execute(db);
  await sql`update events e set seq = s.seq, tx_id = s.tx_id from event_stream s where s.event_id = e.id`.execute(
    db,
  );
  // An event without a stream row (there should be none): after every other, in receipt order.
  await sql`update events e set seq = m.seq, tx_id = pg_current_xact_id()
    from (select id, nextval(pg_get_serial_sequence('event_stream', 'seq')) as seq
          from (select id from events where seq is null order by received_at, id) as missing) as m
    where e.id = m.id`.execute(db);
  // Numbers already handed out stay used (the newest events may have been deleted).
  const { rows } = await sql<{ next: string }>`
    select cast(nextval(pg_get_serial_sequence('event_stream', 'seq')) as text) as next`.execute(db);
  const next = BigInt(rows[0]?.next ?? '1');
  await sql`alter table events
    alter column seq set not null,
    alter column seq add generated always as identity (start with ${sql.raw(next.toString())}),
    alter column tx_id set not null,
    alter column tx_id set default pg_current_xact_id()`.execute(db);
  await sql`drop table event_stream`.execute(db);
  // The stream in commit order, over all connections and per connection (see `EventStreamStore`).
  await sql`create index events_stream_idx on events (tx_id, seq)`.execute(db);
  await sql`create index events_connection_stream_idx on events (connection_id, tx_id, seq)`.execute(db);
}
