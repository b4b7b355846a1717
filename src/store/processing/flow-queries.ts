import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { newestFirstPage } from '../newest-first.ts';
import type { Page, PageRequest } from '../types.ts';
import type { FlowRecord } from './processing-records.ts';
import { fromFlowRecord, toFlowRecord } from './processing-row-mappers.ts';

/** Inserts a flow (its connection must exist: foreign key). */
export async function insertFlow(db: Kysely<Database>, flow: FlowRecord): Promise<void> {
  await db.insertInto('processing_flows').values(fromFlowRecord(flow)).execute();
}

/** One flow by id, or null. */
export async function selectFlow(db: Kysely<Database>, id: string): Promise<FlowRecord | null> {
  const row = await db.selectFrom('processing_flows').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toFlowRecord(row);
}

/** Flows newest first, optionally of one connection. */
export async function listFlowPage(
  db: Kysely<Database>,
  filter: PageRequest & { connectionId?: string | undefined },
): Promise<Page<FlowRecord>> {
  let query = db.selectFrom('processing_flows').selectAll();
  if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId);
  return newestFirstPage(query, 'created_at', filter, toFlowRecord);
}

/** Replaces every editable column of a flow; the updated flow, or null when absent. */
export async function updateFlowRow(db: Kysely<Database>, flow: FlowRecord): Promise<FlowRecord | null> {
  const { id: _id, created_at: _created, ...columns } = fromFlowRecord(flow);
  const row = await db
    .updateTable('processing_flows')
    .set(columns)
    .where('id', '=', flow.id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? null : toFlowRecord(row);
}

/** Deletes a flow and its runs; false when absent. */
export async function deleteFlowRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('processing_flows').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The enabled flows bound to a connection, oldest first (runs are recorded in this order). */
export async function selectConnectionFlows(
  db: Kysely<Database>,
  connectionId: string,
): Promise<FlowRecord[]> {
  const rows = await db
    .selectFrom('processing_flows')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('enabled', '=', true)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toFlowRecord);
}
