import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { newestFirstPage } from './newest-first.ts';
import { toEventRecord, toHistoryRecord, withoutNul } from './row-mappers.ts';
import type { EventRecord, HistoryFilter, HistoryRecord, Page } from './types.ts';

/**
 * History newest first (received_at desc, id desc), optionally for one connection, one outcome and/or a
 * time window (`since` inclusive, `until` exclusive).
 * Throws `StoreCursorError` for a cursor this store did not issue.
 */
export async function listHistoryPage(
  db: Kysely<Database>,
  filter: HistoryFilter,
): Promise<Page<HistoryRecord>> {
  let query = db.selectFrom('history').selectAll();
  if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId);
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  if (filter.since !== undefined) query = query.where('received_at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('received_at', '<', filter.until);
  return newestFirstPage(query, 'received_at', filter, toHistoryRecord);
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
  return row === undefined ? null : toHistoryRecord(row);
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
  return rows.map(toHistoryRecord);
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
