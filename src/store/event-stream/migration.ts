import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/** Indexes of `event_stream`: reads per connection in stream order; `since` lookups by receipt time. */
const INDEXES: readonly [string, string[]][] = [
  ['event_stream_connection_idx', ['connection_id', 'tx_id', 'seq']],
  ['event_stream_received_idx', ['received_at']],
];

/**
 * Migration 0009: `event_stream`, the order in which stored events are streamed
 * (`GET /api/v1/events/stream`). A trigger on `events` appends a row in the inserting transaction, so every
 * way of storing an event is covered and the row commits (or rolls back) with it; deleting an event
 * (retention, a deleted connection) cascades to its row. Existing events are appended in receipt order.
 * PostgreSQL also records the inserting transaction (`xid8`, PostgreSQL 13+) for commit-order reads (see
 * `EventStreamStore`); its trigger runs once per statement, since the ingest inserts a batch at a time.
 * On SQLite migration 0011 drops the trigger: the batch writers append the rows themselves. Migration 0014
 * moves the stream position into `events` and drops this table (and PostgreSQL's trigger).
 */
export function eventStreamMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await db.schema
          .createTable('event_stream')
          .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
          .addColumn('tx_id', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
          .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id').onDelete('cascade'))
          .addColumn('connection_id', 'text', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('event_stream_order_idx')
          .on('event_stream')
          .columns(['tx_id', 'seq'])
          .execute();
        await sql`
          create function hookgate_event_stream_append() returns trigger
          language plpgsql set search_path from current as $$
          begin
            insert into event_stream (event_id, connection_id, received_at)
              select id, connection_id, received_at from appended order by received_at, id;
            return null;
          end $$`.execute(db);
        await sql`
          create trigger events_stream_append after insert on events
          referencing new table as appended
          for each statement execute function hookgate_event_stream_append()`.execute(db);
      } else {
        await db.schema
          .createTable('event_stream')
          .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('tx_id', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('event_id', 'text', (c) =>
            c.notNull().unique().references('events.id').onDelete('cascade'),
          )
          .addColumn('connection_id', 'text', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .execute();
        await sql`
          create trigger events_stream_append after insert on events
          begin
            insert into event_stream (event_id, connection_id, received_at)
              values (new.id, new.connection_id, new.received_at);
          end`.execute(db);
      }
      for (const [name, columns] of INDEXES) {
        await db.schema.createIndex(name).on('event_stream').columns(columns).execute();
      }
      await sql`
        insert into event_stream (event_id, connection_id, received_at)
          select id, connection_id, received_at from events order by received_at, id`.execute(db);
    },
  };
}
