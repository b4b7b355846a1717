import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/**
 * PostgreSQL: history search is indexed after the commit, off the inbound write path (as SQLite does).
 * Computing a row's search words and writing them to a GIN index cost about as much server CPU as the
 * rest of an accepted event's writes together, and the group commit waited for it.
 *
 * - `history_search_pending`: ids of history rows whose words are not indexed yet. A statement trigger
 *   fills it from every insert into history (one small b-tree per row instead of the words and the GIN),
 *   a row trigger from every update of `message` (a searchable column that processing rewrites).
 * - `history_search`: each indexed row's words (the same `hookgate_search_document` as before) under a GIN
 *   index (over `hookgate_search_words(words)`); deleting a history row deletes its words.
 * - The store's indexer (`pg-search-indexer.ts`, any instance of a cluster) moves pending rows into
 *   `history_search`; a search reads the GIN index for indexed rows and computes the words of the few
 *   pending ones, so results stay complete while the indexer catches up.
 *
 * The requeue trigger takes the pending row's lock (ON CONFLICT DO UPDATE), so an indexer that is reading
 * the row's old message skips it (SKIP LOCKED) instead of deleting the id the update just queued.
 * SQLite: nothing changes (its writer thread already indexes after the commit).
 */
async function postgresUp(db: Kysely<unknown>): Promise<void> {
  await sql`create table history_search_pending (history_id text primary key)`.execute(db);
  await sql`create table history_search (
      history_id text primary key references history (id) on delete cascade,
      words tsvector not null)`.execute(db);
  await sql`insert into history_search (history_id, words)
      select id, hookgate_search_document(id, event_id, message, headers, body_preview) from history`.execute(
    db,
  );
  // The index is over an identity function declared costly, as 0009's was over the words function: the
  // planner then reads the GIN index instead of matching every row's words (a tsvector of up to a few
  // hundred words: a scan of 10⁵ rows takes ~50 ms where the index takes ~1 ms).
  await sql`create function hookgate_search_words(words tsvector) returns tsvector
      language plpgsql immutable strict parallel safe cost 10000 as $$ begin return words; end $$`.execute(
    db,
  );
  await sql`create index history_search_words_idx on history_search using gin (hookgate_search_words(words))
      with (fastupdate = on)`.execute(db);
  await sql`drop index history_search_idx`.execute(db);
  // 0009 declared the words function costly so the planner would use the index over it; that index is
  // gone, and the function now only runs for pending rows (a search's newest-first walk falls back to it).
  await sql`alter function hookgate_search_document(text, text, text, text, text) cost 100`.execute(db);
  await sql`create function hookgate_search_queue_inserted() returns trigger
      language plpgsql set search_path from current as $$
      begin
        insert into history_search_pending (history_id) select id from inserted;
        return null;
      end $$`.execute(db);
  await sql`create trigger history_search_queue_inserted after insert on history
      referencing new table as inserted
      for each statement execute function hookgate_search_queue_inserted()`.execute(db);
  await sql`create function hookgate_search_queue_updated() returns trigger
      language plpgsql set search_path from current as $$
      begin
        insert into history_search_pending (history_id) values (new.id)
          on conflict (history_id) do update set history_id = excluded.history_id;
        return null;
      end $$`.execute(db);
  await sql`create trigger history_search_queue_updated after update of message on history
      for each row when (old.message is distinct from new.message)
      execute function hookgate_search_queue_updated()`.execute(db);
}

/** Migration 0012: the PostgreSQL inbound write path without the search index (see `postgresUp`). */
export function pgWritePathMigration(dialect: StoreDialect): Migration {
  return { up: dialect === 'postgres' ? postgresUp : async () => {} };
}
