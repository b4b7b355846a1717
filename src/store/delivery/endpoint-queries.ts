import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database } from '../database-schema.ts';
import { newestFirstPage } from '../newest-first.ts';
import { withoutNulOrNull } from '../row-mappers.ts';
import type { Page, PageRequest } from '../types.ts';
import type { EndpointPatch } from './delivery-inputs.ts';
import type { DeliverySecretRecord, EndpointRecord } from './delivery-records.ts';
import { fromEndpoint, fromSecret, toEndpoint } from './delivery-rows.ts';
import type { DeliveryEndpointsTable } from './delivery-tables.ts';

/** Inserts an endpoint and, when it has its own credential, that credential's first version. */
export async function insertEndpoint(
  db: Kysely<Database>,
  endpoint: EndpointRecord,
  secret: DeliverySecretRecord | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('delivery_endpoints').values(fromEndpoint(endpoint)).execute();
    if (secret !== null) await trx.insertInto('delivery_secrets').values(fromSecret(secret)).execute();
  });
}

/** One endpoint, or null. */
export async function selectEndpoint(db: Kysely<Database>, id: string): Promise<EndpointRecord | null> {
  const row = await db.selectFrom('delivery_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toEndpoint(row);
}

/** An application's endpoints newest first, one page. */
export async function listEndpointPage(
  db: Kysely<Database>,
  applicationId: string,
  request: PageRequest,
): Promise<Page<EndpointRecord>> {
  const query = db.selectFrom('delivery_endpoints').selectAll().where('application_id', '=', applicationId);
  return newestFirstPage(query, 'created_at', request, toEndpoint);
}

/**
 * Every endpoint of an application, oldest first, in one query (the publish path); null when the
 * application does not exist.
 */
export async function selectEndpointsOf(
  db: Kysely<Database>,
  applicationId: string,
): Promise<readonly EndpointRecord[] | null> {
  const rows = await db
    .selectFrom('delivery_applications as a')
    .leftJoin('delivery_endpoints as e', 'e.application_id', 'a.id')
    .selectAll('e')
    .select('a.id as owner_id')
    .where('a.id', '=', applicationId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  if (rows.length === 0) return null;
  const endpoints: EndpointRecord[] = [];
  for (const { owner_id: _owner, ...row } of rows) {
    if (row.id !== null) endpoints.push(toEndpoint(row as Selectable<DeliveryEndpointsTable>));
  }
  return endpoints;
}

function patchColumns(patch: EndpointPatch): Updateable<DeliveryEndpointsTable> {
  const columns: Updateable<DeliveryEndpointsTable> = { updated_at: patch.updatedAt };
  if (patch.url !== undefined) columns.url = patch.url;
  if (patch.description !== undefined) columns.description = withoutNulOrNull(patch.description);
  if (patch.eventTypes !== undefined)
    columns.event_types = patch.eventTypes === null ? null : JSON.stringify(patch.eventTypes);
  if (patch.enabled !== undefined) columns.enabled = patch.enabled;
  if (patch.disabledReason !== undefined) columns.disabled_reason = patch.disabledReason;
  if (patch.rateLimit !== undefined) columns.rate_limit = patch.rateLimit;
  if (patch.maxConcurrency !== undefined) columns.max_concurrency = patch.maxConcurrency;
  if (patch.signing !== undefined) columns.signing = JSON.stringify(patch.signing);
  if (patch.secretPreview !== undefined) columns.secret_preview = patch.secretPreview;
  if (patch.headers !== undefined) columns.headers = JSON.stringify(patch.headers);
  if (patch.retrySchedule !== undefined)
    columns.retry_schedule = patch.retrySchedule === null ? null : JSON.stringify(patch.retrySchedule);
  return columns;
}

/** Moves an endpoint's unfinished deliveries (leased ones included) to DEAD_LETTER. */
export async function deadLetterEndpointJobs(
  trx: Transaction<Database>,
  endpointId: string,
  reason: string,
  now: number,
): Promise<void> {
  await trx
    .updateTable('delivery_jobs')
    .set({ state: 'DEAD_LETTER', due_at: null, lease_token: null, lease_owner: null })
    .set({ last_error: reason, updated_at: now })
    .where('endpoint_id', '=', endpointId)
    .where('due_at', 'is not', null)
    .execute();
}

/** Applies a patch; when it disables the endpoint, its unfinished deliveries are dead-lettered too. */
export async function updateEndpointRow(
  db: Kysely<Database>,
  id: string,
  patch: EndpointPatch,
): Promise<EndpointRecord | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('delivery_endpoints')
      .set(patchColumns(patch))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) return null;
    if (patch.enabled === false) {
      const reason = `endpoint disabled${patch.disabledReason ? `: ${patch.disabledReason}` : ''}`;
      await deadLetterEndpointJobs(trx, id, reason, patch.updatedAt);
    }
    return toEndpoint(row);
  });
}

/** Deletes an endpoint with its deliveries (cascade) and its own secret versions. */
export async function deleteEndpointRow(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('delivery_secrets').where('owner_id', '=', id).execute();
    const result = await trx.deleteFrom('delivery_endpoints').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}
