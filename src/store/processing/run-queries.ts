import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { newestFirstPage } from '../newest-first.ts';
import type { Page, PageRequest } from '../types.ts';
import type { FlowRunRecord, FlowRunStatus } from './processing-records.ts';
import { toRunRecord } from './processing-row-mappers.ts';

/** Runs of one flow newest first (started_at desc, id desc), optionally with one status. */
export async function listRunPage(
  db: Kysely<Database>,
  flowId: string,
  filter: PageRequest & { status?: FlowRunStatus | undefined },
): Promise<Page<FlowRunRecord>> {
  let query = db.selectFrom('processing_runs').selectAll().where('flow_id', '=', flowId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return newestFirstPage(query, 'started_at', filter, toRunRecord);
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
