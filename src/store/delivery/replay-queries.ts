import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import type { DeliveryRecord } from './delivery-records.ts';
import { toDelivery } from './delivery-rows.ts';

/**
 * The columns that start a new retry cycle: due now, PENDING, the schedule counted from the attempts made
 * so far (attempt numbers keep increasing), and any current lease voided.
 */
function restart(now: number) {
  return {
    state: 'PENDING',
    due_at: now,
    lease_token: null,
    lease_owner: null,
    updated_at: now,
  } as const;
}

/** Replays one delivery (whatever its state); null when the message has no delivery to that endpoint. */
export async function replayOne(
  db: Kysely<Database>,
  messageId: string,
  endpointId: string,
  now: number,
): Promise<DeliveryRecord | null> {
  const row = await db
    .updateTable('delivery_jobs')
    .set(restart(now))
    .set((eb) => ({ schedule_base: eb.ref('attempts') }))
    .where('message_id', '=', messageId)
    .where('endpoint_id', '=', endpointId)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? null : toDelivery(row);
}

/** Requeues the endpoint's deliveries in `states` created at or after `since`; returns how many. */
export async function replayStates(
  db: Kysely<Database>,
  endpointId: string,
  states: readonly string[],
  since: number,
  now: number,
): Promise<number> {
  const result = await db
    .updateTable('delivery_jobs')
    .set(restart(now))
    .set((eb) => ({ schedule_base: eb.ref('attempts') }))
    .where('endpoint_id', '=', endpointId)
    .where('state', 'in', [...states])
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Enables the endpoint and requeues its dead letters since `since`; null when the endpoint is absent. */
export async function recoverEndpointRows(
  db: Kysely<Database>,
  endpointId: string,
  since: number,
  now: number,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('delivery_endpoints')
      .set({ enabled: true, disabled_reason: null, updated_at: now })
      .where('id', '=', endpointId)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return null;
    const result = await trx
      .updateTable('delivery_jobs')
      .set(restart(now))
      .set((eb) => ({ schedule_base: eb.ref('attempts') }))
      .where('endpoint_id', '=', endpointId)
      .where('state', '=', 'DEAD_LETTER')
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}
