import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.ts';
import { toHistoryRecord, withoutNulOrNull } from '../row-mappers.ts';
import type { HistoryRecord } from '../types.ts';
import { fromRunRecord } from './processing-row-mappers.ts';
import type { ProcessedEvent } from './processing-types.ts';

/** Records the runs of a batch; a run already recorded for its (flow, event) is kept as it is. */
async function insertRuns(trx: Transaction<Database>, results: readonly ProcessedEvent[]): Promise<void> {
  const rows = results.flatMap((result) => result.runs.map(fromRunRecord));
  if (rows.length === 0) return;
  await trx
    .insertInto('processing_runs')
    .values(rows)
    .onConflict((conflict) => conflict.columns(['flow_id', 'event_id']).doNothing())
    .execute();
}

/** Marks the batch's jobs finished, one statement per final state. */
async function finishJobRows(
  trx: Transaction<Database>,
  results: readonly ProcessedEvent[],
  now: number,
): Promise<void> {
  for (const state of ['done', 'failed'] as const) {
    const ids = results.filter((result) => result.state === state).map((result) => result.eventId);
    if (ids.length === 0) continue;
    await trx
      .updateTable('processing_jobs')
      .set({ state, finished_at: now })
      .where('event_id', 'in', ids)
      .execute();
  }
}

/**
 * Commits a batch of processed events in one transaction (one commit, one fsync, however many events):
 * their flow runs, their history outcome, message and contact, and their job state. Returns the history
 * rows as updated (a row purged meanwhile is simply absent).
 */
export async function finishJobBatch(
  db: Kysely<Database>,
  results: readonly ProcessedEvent[],
  now: number,
): Promise<HistoryRecord[]> {
  if (results.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    await insertRuns(trx, results);
    const updated: HistoryRecord[] = [];
    for (const result of results) {
      const row = await trx
        .updateTable('history')
        .set({
          outcome: result.outcome,
          message: withoutNulOrNull(result.message),
          contact_id: result.contactId,
        })
        .where('id', '=', result.historyId)
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) updated.push(toHistoryRecord(row));
    }
    await finishJobRows(trx, results, now);
    return updated;
  });
}
