import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { pgSearchBodyPreview, sqliteSearchBodyStart, withBodyPreviews } from './body-preview.ts';
import type { Database, StoreDialect } from './database-schema.ts';
import { searchWords } from './history-search.ts';
import { newestFirstPage } from './newest-first.ts';
import { toEventRecord, toHistoryRecord, withoutNul } from './row-mappers.ts';
import type { EventRecord, HistoryFilter, HistoryRecord, Page } from './types.ts';

type HistoryQuery = SelectQueryBuilder<Database, 'history', Database['history']>;

/**
 * Up to this many index hits, a search looks its rows up by id (SQLite: rowid) and sorts them; with more,
 * it walks the listing's newest-first index and keeps the rows among the hits (it stops after one page).
 */
const FEW_HITS = 5000;

/**
 * PostgreSQL: the GIN index of `history_search` for indexed rows, plus the words of the few rows still
 * pending, computed here with the indexer's function, so results are complete while the indexer catches
 * up; a pending row's older entry (its message changed) is not used (see migration 0012). As on SQLite,
 * the query shape depends on how many rows the index finds (see FEW_HITS): few, the hits are looked up by
 * id and sorted; many, the listing's newest-first index is walked and each row's words are read by id
 * (the GIN index cannot hand out a very common word's hits newest first).
 */
async function wherePgSearchMatches(
  db: Kysely<Database>,
  query: HistoryQuery,
  words: readonly string[],
  fewHits: number,
): Promise<HistoryQuery> {
  const tsquery = sql`to_tsquery('simple', ${words.map((word) => `${word}:*`).join(' & ')})`;
  const counted = await sql<{ n: number | string }>`select count(*) as n from (
      select 1 from history_search where hookgate_search_words(words) @@ ${tsquery} limit ${fewHits + 1}) hits`.execute(
    db,
  );
  if (Number(counted.rows[0]?.n ?? 0) <= fewHits) {
    return query.where(
      sql<boolean>`history.id in (
        select s.history_id from history_search s where hookgate_search_words(s.words) @@ ${tsquery}
          and not exists (select 1 from history_search_pending p where p.history_id = s.history_id)
        union all
        select h.id from history_search_pending p join history h on h.id = p.history_id
          where hookgate_search_document(h.id, h.event_id, h.message, h.headers,
            ${sql.raw(pgSearchBodyPreview('h'))}) @@ ${tsquery})`,
    );
  }
  return query.where(
    sql<boolean>`coalesce(
      (select s.words from history_search s where s.history_id = history.id
        and not exists (select 1 from history_search_pending p where p.history_id = history.id)),
      hookgate_search_document(history.id, history.event_id, history.message, history.headers,
        ${sql.raw(pgSearchBodyPreview('history'))})) @@ ${tsquery}`,
  );
}

/**
 * SQLite: the FTS5 index for rows up to its watermark, plus a scan (with the same definition, in
 * `hookgate_search_match`) of the few newer rows the writer thread has not indexed yet and of the rows
 * whose message changed since they were indexed (migration 0013), so that results are complete. The query shape depends on how many rows the index finds (see FEW_HITS).
 */
async function whereSqliteSearchMatches(
  db: Kysely<Database>,
  query: HistoryQuery,
  words: readonly string[],
  fewHits: number,
): Promise<HistoryQuery> {
  const match = words.map((word) => `"${word}"*`).join(' AND ');
  const hits = sql`select rowid from history_fts where history_fts match ${match}`;
  const watermark = sql`(select indexed_upto from history_search_state)`;
  const stale = sql`(select history_rowid from history_search_stale)`;
  const matchesRow = sql`hookgate_search_match(history.id, history.event_id, history.message, history.headers,
    ${sql.raw(sqliteSearchBodyStart('history'))}, ${words.join(' ')})`;
  const counted = await sql<{ n: number }>`select count(*) as n from (${hits} limit ${fewHits + 1})`.execute(
    db,
  );
  if (Number(counted.rows[0]?.n ?? 0) <= fewHits) {
    return query.where(
      sql<boolean>`history.rowid in (${hits} union all
        select rowid from history where rowid > ${watermark} and ${matchesRow} union all
        select rowid from history where rowid in ${stale} and ${matchesRow})`,
    );
  }
  // CASE makes SQLite compare the rowid before it calls the function.
  return query.where(
    sql<boolean>`(history.rowid in (${hits})
      or case when history.rowid > ${watermark} or history.rowid in ${stale} then ${matchesRow} else 0 end)`,
  );
}

/**
 * History newest first (received_at desc, id desc), optionally for one connection, one outcome, a time
 * window (`since` inclusive, `until` exclusive) and/or search text `q` (a `q` without words matches
 * nothing). Throws `StoreCursorError` for a cursor this store did not issue. `fewHits`: see FEW_HITS (tests
 * lower it to exercise both query shapes).
 */
export async function listHistoryPage(
  db: Kysely<Database>,
  dialect: StoreDialect,
  filter: HistoryFilter,
  fewHits = FEW_HITS,
): Promise<Page<HistoryRecord>> {
  let query: HistoryQuery = db.selectFrom('history').selectAll();
  if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId);
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  if (filter.since !== undefined) query = query.where('received_at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('received_at', '<', filter.until);
  if (filter.q !== undefined) {
    const words = searchWords(filter.q);
    if (words.length === 0) return { items: [], nextCursor: null };
    query =
      dialect === 'postgres'
        ? await wherePgSearchMatches(db, query, words, fewHits)
        : await whereSqliteSearchMatches(db, query, words, fewHits);
  }
  const page = await newestFirstPage(query, 'received_at', filter, toHistoryRecord);
  return { ...page, items: await withBodyPreviews(db, page.items) };
}

/** Adds `count` to a row's repeat_count; false when no such row exists. */
export async function addRepeats(db: Kysely<Database>, id: string, count: number): Promise<boolean> {
  const result = await db
    .updateTable('history')
    .set((eb) => ({ repeat_count: eb('repeat_count', '+', count) }))
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** One history row by id, or null. */
export async function selectHistory(db: Kysely<Database>, id: string): Promise<HistoryRecord | null> {
  const row = await db.selectFrom('history').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return null;
  const [record] = await withBodyPreviews(db, [toHistoryRecord(row)]);
  return record ?? null;
}

/** The history rows with these ids that exist, oldest first (for the cluster's live tail). */
export async function selectHistoryRows(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<HistoryRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('history')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  return withBodyPreviews(db, rows.map(toHistoryRecord));
}

/** One stored event (with its raw body) by id, or null. */
export async function selectEvent(db: Kysely<Database>, id: string): Promise<EventRecord | null> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toEventRecord(row);
}

/** The first event id stored under (connectionId, key), or null (U+0000 in `key` reads as U+FFFD). */
export async function selectIdempotencyKey(
  db: Kysely<Database>,
  connectionId: string,
  key: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select('event_id')
    .where('connection_id', '=', connectionId)
    .where('key', '=', withoutNul(key))
    .executeTakeFirst();
  return row?.event_id ?? null;
}
