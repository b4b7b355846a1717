import { type Kysely, sql, type Updateable } from 'kysely';
import type { ConnectionsTable, Database } from './database-schema.ts';
import { newestFirstPage } from './newest-first.ts';
import { fromConnectionRecord, fromSecretRecord, toConnectionRecord } from './row-mappers.ts';
import { isUniqueViolation, StoreConflictError } from './store-errors.ts';
import type {
  ConnectionFilter,
  ConnectionPatch,
  ConnectionRecord,
  Page,
  SecretVersionRecord,
} from './types.ts';

/**
 * Inserts a connection and, when given, its first secret version in one transaction.
 * Throws `StoreConflictError` when the connection (or secret) id is already taken.
 */
export async function insertConnection(
  db: Kysely<Database>,
  connection: ConnectionRecord,
  secret: SecretVersionRecord | null,
): Promise<void> {
  if (secret !== null && secret.connectionId !== connection.id) {
    throw new Error(`secret ${secret.id} belongs to ${secret.connectionId}, not to ${connection.id}`);
  }
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('connections').values(fromConnectionRecord(connection)).execute();
      if (secret !== null) await trx.insertInto('secret_versions').values(fromSecretRecord(secret)).execute();
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new StoreConflictError(`connection ${connection.id} (or its secret id) already exists`, {
      cause: error,
    });
  }
}

/** One connection by id, or null. */
export async function selectConnection(db: Kysely<Database>, id: string): Promise<ConnectionRecord | null> {
  const row = await db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toConnectionRecord(row);
}

/**
 * Connections newest first (created_at desc, id desc), one page; with `rotationDue`, only those whose
 * current secret (the version without expiry) is at least their reminder period old at `now`.
 */
export async function listConnectionPage(
  db: Kysely<Database>,
  request: ConnectionFilter,
): Promise<Page<ConnectionRecord>> {
  let query = db.selectFrom('connections').selectAll();
  const due = request.rotationDue;
  if (due !== undefined) {
    // bigint: PostgreSQL would multiply two integers as int4 and overflow past ~24 days of milliseconds.
    const periodMs = sql<number>`cast(coalesce(connections.rotation_reminder_days, ${due.defaultDays}) as bigint) * ${DAY_MS}`;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('secret_versions')
          .select('secret_versions.id')
          .whereRef('secret_versions.connection_id', '=', 'connections.id')
          .where('secret_versions.expires_at', 'is', null)
          .where(sql<boolean>`secret_versions.created_at + ${periodMs} <= ${due.now}`),
      ),
    );
  }
  return newestFirstPage(query, 'created_at', request, toConnectionRecord);
}

const DAY_MS = 86_400_000;

/** The columns a patch changes; absent fields stay as they are. */
function patchToColumns(patch: ConnectionPatch): Updateable<ConnectionsTable> {
  const columns: Updateable<ConnectionsTable> = { updated_at: patch.updatedAt };
  if (patch.name !== undefined) columns.name = patch.name;
  if (patch.mode !== undefined) columns.mode = patch.mode;
  if (patch.authConfig !== undefined) columns.auth_config = JSON.stringify(patch.authConfig);
  if (patch.maxBodyBytes !== undefined) columns.max_body_bytes = patch.maxBodyBytes;
  if (patch.enabled !== undefined) columns.enabled = patch.enabled;
  if (patch.secretPreview !== undefined) columns.secret_preview = patch.secretPreview;
  if (patch.rotationReminderDays !== undefined) columns.rotation_reminder_days = patch.rotationReminderDays;
  if (patch.forward !== undefined)
    columns.forward = patch.forward === null ? null : JSON.stringify(patch.forward);
  return columns;
}

/** Applies a patch in one statement; returns the updated connection, or null when absent. */
export async function updateConnectionRow(
  db: Kysely<Database>,
  id: string,
  patch: ConnectionPatch,
): Promise<ConnectionRecord | null> {
  const row = await db
    .updateTable('connections')
    .set(patchToColumns(patch))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? null : toConnectionRecord(row);
}

/** Deletes a connection; secrets, history, events and idempotency keys go with it (ON DELETE CASCADE). */
export async function deleteConnectionRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
