import type { Kysely, Transaction } from 'kysely';
import { withBodyPreviews } from '../body-preview.ts';
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

/**
 * Marks the batch's jobs finished, one statement per final state, where the claim is still the one the
 * result was processed under; returns the results whose claim held.
 */
async function finishJobRows(
  trx: Transaction<Database>,
  results: readonly ProcessedEvent[],
  now: number,
): Promise<ProcessedEvent[]> {
  const held = new Set<string>();
  for (const state of ['done', 'failed'] as const) {
    const claims = results.filter((result) => result.state === state);
    if (claims.length === 0) continue;
    const rows = await trx
      .updateTable('processing_jobs')
      .set({ state, finished_at: now })
      .where('state', '=', 'running')
      .where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple('event_id', 'lease_token'),
          'in',
          claims.map((claim) => tuple(claim.eventId, claim.leaseToken)),
        ),
      )
      .returning('event_id')
      .execute();
    for (const row of rows) held.add(row.event_id);
  }
  return results.filter((result) => held.has(result.eventId));
}

/**
 * Commits a batch of processed events in one transaction (one commit, one fsync, however many events):
 * their job state, then — for the claims that still held — their flow runs and their history outcome,
 * message and contact. A result whose claim was taken over (this worker stalled past its lease) is
 * dropped: the new claimant records the event's one outcome. Returns the history rows as updated (a row
 * purged meanwhile is simply absent).
 */
export async function finishJobBatch(
  db: Kysely<Database>,
  results: readonly ProcessedEvent[],
  now: number,
): Promise<HistoryRecord[]> {
  if (results.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const held = await finishJobRows(trx, results, now);
    await insertRuns(trx, held);
    const updated: HistoryRecord[] = [];
    for (const result of held) {
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
    return withBodyPreviews(trx, updated);
  });
}
