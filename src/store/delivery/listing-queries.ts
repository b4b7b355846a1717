import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.ts';
import { newestFirstPage } from '../newest-first.ts';
import type { Page } from '../types.ts';
import type { AttemptRecord, DeliveryRecord, MessageRecord } from './delivery-records.ts';
import { toAttempt, toDelivery, toMessage } from './delivery-rows.ts';
import type { AttemptFilter, EndpointDeliveryFilter, MessageFilter } from './delivery-types.ts';

/** One message, or null. */
export async function selectMessage(db: Kysely<Database>, id: string): Promise<MessageRecord | null> {
  const row = await db.selectFrom('delivery_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toMessage(row);
}

/** Messages newest first, optionally of one application and/or type. */
export async function listMessagePage(
  db: Kysely<Database>,
  filter: MessageFilter,
): Promise<Page<MessageRecord>> {
  let query = db.selectFrom('delivery_messages').selectAll();
  if (filter.applicationId !== undefined) query = query.where('application_id', '=', filter.applicationId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  return newestFirstPage(query, 'created_at', filter, toMessage);
}

/** The deliveries of one message (one per endpoint), oldest first. */
export async function selectDeliveriesOf(
  db: Kysely<Database>,
  messageId: string,
): Promise<readonly DeliveryRecord[]> {
  const rows = await db
    .selectFrom('delivery_jobs')
    .selectAll()
    .where('message_id', '=', messageId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toDelivery);
}

/** An endpoint's deliveries newest first, optionally in one state. */
export async function listEndpointDeliveryPage(
  db: Kysely<Database>,
  filter: EndpointDeliveryFilter,
): Promise<Page<DeliveryRecord>> {
  let query = db.selectFrom('delivery_jobs').selectAll().where('endpoint_id', '=', filter.endpointId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  return newestFirstPage(query, 'created_at', filter, toDelivery);
}

/** Attempts newest first, filtered by message, endpoint and/or status. */
export async function listAttemptPage(
  db: Kysely<Database>,
  filter: AttemptFilter,
): Promise<Page<AttemptRecord>> {
  let query = db.selectFrom('delivery_attempts').selectAll();
  if (filter.messageId !== undefined) query = query.where('message_id', '=', filter.messageId);
  if (filter.endpointId !== undefined) query = query.where('endpoint_id', '=', filter.endpointId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return newestFirstPage(query, 'created_at', filter, toAttempt);
}

/**
 * Retention in one transaction: attempts created before `before`, then messages created before it whose
 * deliveries are all finished (their jobs and any remaining attempts cascade). Unfinished messages stay.
 * Rate buckets of endpoints deleted meanwhile go too (they have no foreign key, see migration 0005).
 */
export async function purgeDeliveryRows(
  db: Kysely<Database>,
  before: number,
): Promise<{ attempts: number; messages: number }> {
  return db.transaction().execute(async (trx) => {
    const attempts = await trx
      .deleteFrom('delivery_attempts')
      .where('created_at', '<', before)
      .executeTakeFirst();
    const messages = await trx
      .deleteFrom('delivery_messages')
      .where('created_at', '<', before)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('delivery_jobs')
              .select(sql<number>`1`.as('one'))
              .whereRef('delivery_jobs.message_id', '=', 'delivery_messages.id')
              .where('delivery_jobs.due_at', 'is not', null),
          ),
        ),
      )
      .executeTakeFirst();
    await trx
      .deleteFrom('delivery_endpoint_limits')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('delivery_endpoints')
              .select(sql<number>`1`.as('one'))
              .whereRef('delivery_endpoints.id', '=', 'delivery_endpoint_limits.endpoint_id'),
          ),
        ),
      )
      .execute();
    return { attempts: Number(attempts.numDeletedRows), messages: Number(messages.numDeletedRows) };
  });
}
