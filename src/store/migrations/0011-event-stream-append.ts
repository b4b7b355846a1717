import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/**
 * Migration 0011, SQLite only: `event_stream` rows are inserted by the store's batch writers, beside the
 * events they stream and in the same transaction, instead of by a row trigger on `events`. A row trigger
 * makes SQLite keep a statement journal for every event INSERT (a copy of each page the statement
 * touches), which cost about a fifth of the writer thread's time per event. PostgreSQL keeps its
 * statement-level trigger, which costs nothing per row.
 */
export function eventStreamAppendMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') await sql`drop trigger if exists events_stream_append`.execute(db);
    },
  };
}
