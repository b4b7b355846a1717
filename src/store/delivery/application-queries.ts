import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { newestFirstPage } from '../newest-first.ts';
import { withoutNul } from '../row-mappers.ts';
import type { Page } from '../types.ts';
import type { ApplicationPatch } from './delivery-inputs.ts';
import type { ApplicationRecord, DeliverySecretRecord } from './delivery-records.ts';
import { fromSecret, toApplication } from './delivery-rows.ts';
import type { ApplicationFilter } from './delivery-types.ts';

/** Inserts an application and its first secret version in one transaction. */
export async function insertApplication(
  db: Kysely<Database>,
  application: ApplicationRecord,
  secret: DeliverySecretRecord,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('delivery_applications')
      .values({
        id: application.id,
        name: withoutNul(application.name),
        secret_preview: application.secretPreview,
        created_at: application.createdAt,
        updated_at: application.updatedAt,
      })
      .execute();
    await trx.insertInto('delivery_secrets').values(fromSecret(secret)).execute();
  });
}

/** One application, or null. */
export async function selectApplication(db: Kysely<Database>, id: string): Promise<ApplicationRecord | null> {
  const row = await db
    .selectFrom('delivery_applications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? null : toApplication(row);
}

/**
 * Applications newest first; with `rotationDue`, only those whose current secret (the version without
 * expiry, as the secret-age view reads it) was created at least `periodMs` before `now`.
 */
export async function listApplicationPage(
  db: Kysely<Database>,
  request: ApplicationFilter,
): Promise<Page<ApplicationRecord>> {
  let query = db.selectFrom('delivery_applications').selectAll();
  const due = request.rotationDue;
  if (due !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('delivery_secrets')
          .select('delivery_secrets.id')
          .whereRef('delivery_secrets.owner_id', '=', 'delivery_applications.id')
          .where('delivery_secrets.expires_at', 'is', null)
          .where('delivery_secrets.created_at', '<=', due.now - due.periodMs),
      ),
    );
  }
  return newestFirstPage(query, 'created_at', request, toApplication);
}

/** Renames an application or records its new secret preview. */
export async function updateApplicationRow(
  db: Kysely<Database>,
  id: string,
  patch: ApplicationPatch,
): Promise<ApplicationRecord | null> {
  const row = await db
    .updateTable('delivery_applications')
    .set({
      updated_at: patch.updatedAt,
      ...(patch.name !== undefined && { name: withoutNul(patch.name) }),
      ...(patch.secretPreview !== undefined && { secret_preview: patch.secretPreview }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? null : toApplication(row);
}

/** Deletes an application; its endpoints, messages, jobs and attempts cascade, secrets are removed here. */
export async function deleteApplicationRow(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const endpoints = await trx
      .selectFrom('delivery_endpoints')
      .select('id')
      .where('application_id', '=', id)
      .execute();
    const owners = [id, ...endpoints.map((row) => row.id)];
    await trx.deleteFrom('delivery_secrets').where('owner_id', 'in', owners).execute();
    const result = await trx.deleteFrom('delivery_applications').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}
