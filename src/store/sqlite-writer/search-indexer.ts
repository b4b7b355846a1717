import type { DatabaseSync } from 'node:sqlite';
import { sqliteSearchBodyStart } from '../body-preview.ts';
import { type SearchableRow, searchIndexText } from '../history-search.ts';
import { registerSearchDocument } from './open-sqlite.ts';

/**
 * Rows indexed per slice, and how many new rows the writer lets accumulate before it indexes them while
 * batches keep coming: a few milliseconds of the writer thread, so a batch arriving meanwhile is barely
 * delayed. Each slice's transaction writes one new FTS5 segment that automerge later merges, and costs the
 * next group commit's fsync its pages: indexing one slice of 200 rows costs about half as much per row as
 * indexing the same rows 20 at a time after every commit (`npm run bench:search-indexing`).
 */
export const INDEX_SLICE_ROWS = 200;

/**
 * Above this many not-yet-indexed rows the writer indexes a slice even while batches wait, so the scan
 * that covers those rows in a search stays short under sustained load.
 */
export const MAX_UNINDEXED_ROWS = 2000;

/**
 * After this long without a commit the writer indexes every row still waiting (and the rows whose message
 * changed meanwhile), so a quiet gateway's index catches up although fewer than INDEX_SLICE_ROWS rows wait.
 */
export const INDEX_IDLE_MS = 20;

/** The history search indexer of the SQLite writer thread (see migration 0009). */
export interface SearchIndexer {
  /** How many committed history rows are not indexed yet (new ones, and ones whose message changed). */
  backlog(): number;
  /**
   * Indexes the rows whose message changed, then the oldest new rows (at most INDEX_SLICE_ROWS each), in
   * one transaction; returns how many rows it indexed.
   */
  indexSlice(): number;
}

/** The columns search reads, plus the rowid the index is keyed by. */
type IndexedRow = SearchableRow & { readonly rowid: number };

/**
 * Creates the indexer on the writer's connection (`sliceRows` other than INDEX_SLICE_ROWS: for benchmarks).
 * Run `indexSlice` only between group commits (the writer thread is the only writer, so it never waits for
 * the lock and never blocks a commit for longer than one slice). A slice commits with `synchronous = NORMAL`:
 * the index can be rebuilt from history, so it need not pay an fsync; the next group commit makes it durable.
 */
export function createSearchIndexer(database: DatabaseSync, sliceRows = INDEX_SLICE_ROWS): SearchIndexer {
  const watermark = database.prepare('select indexed_upto as upto from history_search_state where id = 1');
  const newest = database.prepare('select coalesce(max(rowid), 0) as newest from history');
  registerSearchDocument(database);
  // The new rows of a slice: the rowid that ends it, then all its rows at once (one statement, no row
  // read into JS: about 3 µs per row less than inserting each row's document by itself).
  const sliceEnd = database.prepare(
    `select max(rowid) as last from (select rowid from history where rowid > ? order by rowid limit ${sliceRows})`,
  );
  const indexNew = database.prepare(
    `insert into history_fts (rowid, words)
       select h.rowid, hookgate_search_document(h.id, h.event_id, h.message, h.headers,
           ${sqliteSearchBodyStart('h')})
         from history h where h.rowid > ? and h.rowid <= ?`,
  );
  // Rows whose message changed after they were indexed (migration 0013): their entry is already gone.
  const staleCount = database.prepare('select count(*) as n from history_search_stale');
  const stale = database.prepare(
    `select h.rowid, h.id, h.event_id, h.message, h.headers,
       ${sqliteSearchBodyStart('h')} as body_start
       from history_search_stale s join history h on h.rowid = s.history_rowid limit ${sliceRows}`,
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
        const requeued = stale.all() as unknown as IndexedRow[];
        for (const row of requeued) {
          insert.run(row.rowid, searchIndexText(row));
          unqueue.run(row.rowid);
        }
        const from = upto();
        const last = (sliceEnd.get(from) as { last: number | null }).last;
        const added = last === null ? 0 : Number(indexNew.run(from, last).changes);
        if (last !== null) advance.run(last);
        database.exec('COMMIT');
        return requeued.length + added;
      } catch (error) {
        database.exec('ROLLBACK');
        throw error;
      } finally {
        database.exec('PRAGMA synchronous = FULL');
      }
    },
  };
}
