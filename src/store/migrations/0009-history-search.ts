import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';
import { SEARCH_BODY_CHARS } from '../history-search.ts';

/**
 * SQLite: a contentless FTS5 table of each history row's search words (see `history-search.ts`), keyed
 * by the row's rowid and filled after the commit by the writer thread's indexer, off the request path.
 * `history_search_state.indexed_upto` is the highest rowid indexed; newer rows are matched by a scan.
 * Deleting a history row (purge, connection delete) deletes its index entry; when the deleted rows were
 * the newest, SQLite may hand their rowids to the next inserts, so the watermark steps back below them.
 */
async function sqliteUp(db: Kysely<unknown>): Promise<void> {
  // detail=none: no positions (no phrase queries, which search does not use), less than half the
  // indexing time of the default.
  await sql`create virtual table history_fts using fts5(words, content='', contentless_delete=1,
    detail=none, tokenize='unicode61 remove_diacritics 0')`.execute(db);
  await sql`create table history_search_state (
    id integer primary key check (id = 1),
    indexed_upto integer not null)`.execute(db);
  await sql`insert into history_search_state (id, indexed_upto) values (1, 0)`.execute(db);
  await sql`create trigger history_search_forget after delete on history begin
    delete from history_fts where rowid = old.rowid;
    update history_search_state set indexed_upto = (select coalesce(max(rowid), 0) from history)
      where indexed_upto > (select coalesce(max(rowid), 0) from history);
  end`.execute(db);
}

/**
 * PostgreSQL: a GIN index (fastupdate: inserts go to a pending list merged in bulk) over the row's search
 * words as a tsvector, maintained by PostgreSQL itself. The words are built by one function so the index
 * and the query use the same expression; no extension is needed. Its declared cost is high (it is a
 * few hundred µs on a busy machine) so the planner reads the GIN index instead of computing it for rows
 * it walks, unless a page fills within a few rows.
 */
async function postgresUp(db: Kysely<unknown>): Promise<void> {
  await sql`create function hookgate_search_document(
      id text, event_id text, message text, headers text, body_preview text)
    returns tsvector language plpgsql immutable parallel safe cost 10000 as $$
    begin
      return to_tsvector('simple'::regconfig, lower(regexp_replace(concat_ws(' ', id, event_id, message,
        (select string_agg(value, ' ') from json_each_text(headers::json)),
        left(body_preview, ${sql.lit(SEARCH_BODY_CHARS)})), '[^A-Za-z0-9]+', ' ', 'g')));
    end $$`.execute(db);
  await sql`create index history_search_idx on history using gin
    (hookgate_search_document(id, event_id, message, headers, body_preview)) with (fastupdate = on)`.execute(
    db,
  );
}

/** Text search over history (`q`): the index that fits each store. */
export function historySearchMigration(dialect: StoreDialect): Migration {
  return { up: dialect === 'postgres' ? postgresUp : sqliteUp };
}
