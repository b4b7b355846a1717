import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.ts';
import { withoutNulOrNull } from '../row-mappers.ts';
import type { DeliveryCompletion } from './delivery-inputs.ts';
import { fromAttempt } from './delivery-rows.ts';
import type { DeliveryAttemptsTable } from './delivery-tables.ts';
import { deadLetterEndpointJobs } from './endpoint-queries.ts';

/** What happened to one completion. */
export type CompletionResult = 'applied' | 'lease_lost';

/** Completions that set the same columns: one UPDATE for all of them. */
function groupByOutcome(completions: readonly DeliveryCompletion[]): DeliveryCompletion[][] {
  const groups = new Map<string, DeliveryCompletion[]>();
  for (const c of completions) {
    const key = JSON.stringify([c.state, c.attempts, c.dueAt, c.lastStatus, c.lastError, c.now]);
    const group = groups.get(key) ?? [];
    group.push(c);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Applies one group's next state, fenced by each lease token; returns the ids whose lease still held. */
async function applyGroup(
  trx: Transaction<Database>,
  group: readonly DeliveryCompletion[],
): Promise<string[]> {
  const [first] = group;
  if (first === undefined) return [];
  const rows = await trx
    .updateTable('delivery_jobs')
    .set({
      state: first.state,
      attempts: first.attempts,
      due_at: first.dueAt,
      lease_token: null,
      lease_owner: null,
      last_status: first.lastStatus,
      last_error: withoutNulOrNull(first.lastError),
      updated_at: first.now,
    })
    .where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple('id', 'lease_token'),
        'in',
        group.map((c) => tuple(c.deliveryId, c.leaseToken)),
      ),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

async function existingJobs(trx: Transaction<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx
    .selectFrom('delivery_jobs')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}

async function disableEndpoint(trx: Transaction<Database>, completion: DeliveryCompletion): Promise<void> {
  const target = completion.disableEndpoint;
  if (target === undefined) return;
  await trx
    .updateTable('delivery_endpoints')
    .set({ enabled: false, disabled_reason: target.reason, updated_at: completion.now })
    .where('id', '=', target.endpointId)
    .execute();
  await deadLetterEndpointJobs(trx, target.endpointId, `endpoint disabled: ${target.reason}`, completion.now);
}

/**
 * Commits a batch of completions in one transaction: completions with the same outcome (typically "200,
 * first attempt") are applied by one UPDATE matching `(id, lease_token)` pairs, so a job whose lease was
 * taken over (replay, expiry) is left alone and answers `lease_lost`. Attempts are recorded either way,
 * since the request may have been sent, unless the job no longer exists (deleted meanwhile).
 */
export async function commitCompletionBatch(
  db: Kysely<Database>,
  completions: readonly DeliveryCompletion[],
): Promise<readonly CompletionResult[]> {
  return db.transaction().execute(async (trx) => {
    const applied = new Set<string>();
    for (const group of groupByOutcome(completions)) {
      for (const id of await applyGroup(trx, group)) applied.add(id);
    }
    const lost = completions
      .filter((c) => !applied.has(c.deliveryId) && c.attempt !== null)
      .map((c) => c.deliveryId);
    const surviving = await existingJobs(trx, lost);
    const attempts: Insertable<DeliveryAttemptsTable>[] = [];
    for (const completion of completions) {
      const held = applied.has(completion.deliveryId);
      if (completion.attempt !== null && (held || surviving.has(completion.deliveryId))) {
        attempts.push(fromAttempt(completion.attempt));
      }
      if (held) await disableEndpoint(trx, completion);
    }
    if (attempts.length > 0) await trx.insertInto('delivery_attempts').values(attempts).execute();
    return completions.map((c) => (applied.has(c.deliveryId) ? 'applied' : 'lease_lost'));
  });
}
