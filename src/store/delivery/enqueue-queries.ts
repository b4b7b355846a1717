import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.ts';
import { withoutNul } from '../row-mappers.ts';
import type { EnqueueResult, NewDelivery } from './delivery-inputs.ts';
import type { MessageRecord } from './delivery-records.ts';
import { fromMessage } from './delivery-rows.ts';
import type { DeliveryJobsTable } from './delivery-tables.ts';

/** One publish waiting in the group-commit queue. */
export interface EnqueueItem {
  readonly message: MessageRecord;
  readonly deliveries: readonly NewDelivery[];
}

/** Rows per multi-row INSERT (well under SQLite's and PostgreSQL's bound-parameter limits). */
const INSERT_CHUNK = 500;

function jobRow(message: MessageRecord, delivery: NewDelivery): Insertable<DeliveryJobsTable> {
  const pending = delivery.state === 'PENDING';
  const lease = pending ? delivery.lease : undefined;
  return {
    id: delivery.id,
    message_id: message.id,
    endpoint_id: delivery.endpointId,
    application_id: message.applicationId,
    state: delivery.state,
    attempts: lease === undefined ? 0 : 1,
    schedule_base: 0,
    due_at: lease?.until ?? (pending ? message.createdAt : null),
    lease_owner: lease?.owner ?? null,
    lease_token: lease?.token ?? null,
    last_status: null,
    last_error: delivery.lastError,
    created_at: message.createdAt,
    updated_at: message.createdAt,
  };
}

async function existingMessageId(
  trx: Transaction<Database>,
  applicationId: string,
  key: string,
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('delivery_messages')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('idempotency_key', '=', withoutNul(key))
    .executeTakeFirst();
  return row?.id;
}

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await insert(rows.slice(start, start + INSERT_CHUNK));
  }
}

/**
 * Commits a batch of publishes in one transaction. A message whose idempotency key the application
 * already used (earlier, or earlier in this batch) is not stored and answers `duplicate`. Racing
 * processes on PostgreSQL are decided by the unique index; the loser's batch is retried item by item by
 * the group-commit queue and then finds the winner's message.
 */
export async function commitEnqueueBatch(
  db: Kysely<Database>,
  items: readonly EnqueueItem[],
): Promise<readonly EnqueueResult[]> {
  return db.transaction().execute(async (trx) => {
    const results: EnqueueResult[] = [];
    const claimed = new Map<string, string>();
    const messages: MessageRecord[] = [];
    const jobs: Insertable<DeliveryJobsTable>[] = [];
    for (const { message, deliveries } of items) {
      const key = message.idempotencyKey;
      if (key !== null) {
        const scoped = `${message.applicationId}\n${withoutNul(key)}`;
        const first = claimed.get(scoped) ?? (await existingMessageId(trx, message.applicationId, key));
        if (first !== undefined) {
          results.push({ status: 'duplicate', messageId: first });
          continue;
        }
        claimed.set(scoped, message.id);
      }
      messages.push(message);
      for (const delivery of deliveries) jobs.push(jobRow(message, delivery));
      results.push({ status: 'queued', messageId: message.id });
    }
    await insertChunked(messages.map(fromMessage), (chunk) =>
      trx.insertInto('delivery_messages').values(chunk).execute(),
    );
    await insertChunked(jobs, (chunk) => trx.insertInto('delivery_jobs').values(chunk).execute());
    return results;
  });
}
