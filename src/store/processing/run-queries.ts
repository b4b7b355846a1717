import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { clampPageLimit, decodeOptionalCursor, toPage } from '../page-cursor.ts';
import type { Page, PageRequest } from '../types.ts';
import type { FlowRunRecord, FlowRunStatus } from './processing-records.ts';
import { toRunRecord } from './processing-row-mappers.ts';

/** Runs of one flow newest first (started_at desc, id desc), optionally with one status. */
export async function listRunPage(
  db: Kysely<Database>,
  flowId: string,
  filter: PageRequest & { status?: FlowRunStatus | undefined },
): Promise<Page<FlowRunRecord>> {
  const after = decodeOptionalCursor(filter.cursor);
  const limit = clampPageLimit(filter.limit);
  let query = db.selectFrom('processing_runs').selectAll().where('flow_id', '=', flowId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (after !== undefined) {
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('started_at', 'id'), '<', tuple(after.at, after.id)),
    );
  }
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit, (row) => ({ at: row.started_at, id: row.id }), toRunRecord);
}

/** One run by id, or null. */
export async function selectRun(db: Kysely<Database>, id: string): Promise<FlowRunRecord | null> {
  const row = await db.selectFrom('processing_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toRunRecord(row);
}

/** Every run recorded for one event. */
export async function selectEventRuns(db: Kysely<Database>, eventId: string): Promise<FlowRunRecord[]> {
  const rows = await db
    .selectFrom('processing_runs')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  return rows.map(toRunRecord);
}
