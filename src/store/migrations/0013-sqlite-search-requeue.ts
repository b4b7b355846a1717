import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/**
 * Migration 0013, SQLite only: a history row whose `message` changes after it was indexed for search
 * (processing rewrites the message of the rows it handles) loses its FTS entry and is queued in
 * `history_search_stale`; searches match queued rows by a scan, like rows above the watermark, and the
 * writer thread's indexer indexes them again. Without it a search found the row by its old message and not
 * by its new one. (PostgreSQL does the same with `history_search_pending`, migration 0012.) The trigger fires
 * on UPDATE only, so inserts keep running without a statement journal (see migration 0011).
 */
export function sqliteSearchRequeueMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'sqlite') return;
      await sql`create table history_search_stale (history_rowid integer primary key)`.execute(db);
      await sql`create trigger history_search_requeue after update of message on history
        when old.message is not new.message
          and old.rowid <= (select indexed_upto from history_search_state)
        begin
          delete from history_fts where rowid = old.rowid;
          insert or ignore into history_search_stale (history_rowid) values (old.rowid);
        end`.execute(db);
      // A deleted row's rowid may be handed to a new row, which the watermark then covers.
      await sql`create trigger history_search_unqueue after delete on history begin
          delete from history_search_stale where history_rowid = old.rowid;
        end`.execute(db);
    },
  };
}
