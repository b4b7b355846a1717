import type { DatabaseSync } from 'node:sqlite';
import { SEARCH_BODY_CHARS, type SearchableRow, searchDocument } from '../history-search.ts';

/** Rows indexed per slice: a few milliseconds of the writer thread, so a waiting batch is barely delayed. */
export const INDEX_SLICE_ROWS = 200;

/**
 * Above this many not-yet-indexed rows the writer indexes a slice even while batches wait, so the scan
 * that covers those rows in a search stays short under sustained load.
 */
export const MAX_UNINDEXED_ROWS = 2000;

/** The history search indexer of the SQLite writer thread (see migration 0009). */
export interface SearchIndexer {
  /** How many committed history rows are not indexed yet (new ones, and ones whose message changed). */
  backlog(): number;
  /** Indexes the rows whose message changed, then the oldest new rows (at most INDEX_SLICE_ROWS each), in one transaction. */
  indexSlice(): void;
}

/** The columns search reads, plus the rowid the index is keyed by. */
type IndexedRow = SearchableRow & { readonly rowid: number };

/**
 * Creates the indexer on the writer's connection. Run `indexSlice` only between group commits (the
 * writer thread is the only writer, so it never waits for the lock and never blocks a commit for longer
 * than one slice). A slice commits with `synchronous = NORMAL`: the index can be rebuilt from history, so
 * it need not pay an fsync; the next group commit makes it durable.
 */
export function createSearchIndexer(database: DatabaseSync): SearchIndexer {
  const watermark = database.prepare('select indexed_upto as upto from history_search_state where id = 1');
  const newest = database.prepare('select coalesce(max(rowid), 0) as newest from history');
  const pending = database.prepare(
    `select rowid, id, event_id, message, headers, substr(body_preview, 1, ${SEARCH_BODY_CHARS}) as body_start
       from history where rowid > ? order by rowid limit ${INDEX_SLICE_ROWS}`,
  );
  // Rows whose message changed after they were indexed (migration 0013): their entry is already gone.
  const staleCount = database.prepare('select count(*) as n from history_search_stale');
  const stale = database.prepare(
    `select h.rowid, h.id, h.event_id, h.message, h.headers,
       substr(h.body_preview, 1, ${SEARCH_BODY_CHARS}) as body_start
       from history_search_stale s join history h on h.rowid = s.history_rowid limit ${INDEX_SLICE_ROWS}`,
  );
  const unqueue = database.prepare('delete from history_search_stale where history_rowid = ?');
  const insert = database.prepare('insert into history_fts (rowid, words) values (?, ?)');
  const advance = database.prepare('update history_search_state set indexed_upto = ? where id = 1');
  const upto = (): number => Number((watermark.get() as { upto: number }).upto);
  return {
    backlog() {
      const unindexed = Number((newest.get() as { newest: number }).newest) - upto();
      return unindexed + Number((staleCount.get() as { n: number }).n);
    },
    indexSlice() {
      database.exec('PRAGMA synchronous = NORMAL');
      database.exec('BEGIN IMMEDIATE');
      try {
        for (const row of stale.all() as unknown as IndexedRow[]) {
          insert.run(row.rowid, searchDocument(row));
          unqueue.run(row.rowid);
        }
        const rows = pending.all(upto()) as unknown as IndexedRow[];
        for (const row of rows) insert.run(row.rowid, searchDocument(row));
        const last = rows.at(-1);
        if (last !== undefined) advance.run(last.rowid);
        database.exec('COMMIT');
      } catch (error) {
        database.exec('ROLLBACK');
        throw error;
      } finally {
        database.exec('PRAGMA synchronous = FULL');
      }
    },
  };
}
