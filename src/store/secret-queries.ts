import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from './database-schema.ts';
import { fromSecretRecord, toSecretRecord } from './row-mappers.ts';
import type { SecretVersionRecord } from './types.ts';

/** A connection's secret versions not expired at `now` (expiry is exclusive), newest first. */
export async function selectActiveSecrets(
  db: Kysely<Database>,
  connectionId: string,
  now: number,
): Promise<readonly SecretVersionRecord[]> {
  const rows = await db
    .selectFrom('secret_versions')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toSecretRecord);
}

/**
 * Rotation in one transaction: versions active at `now` whose expiry is later than `retireAt` (or
 * absent) now expire at `retireAt`, then `next` is inserted. On PostgreSQL the connection row is locked
 * first so concurrent rotations of one connection run one after the other (SQLite transactions are
 * already serialized by BEGIN IMMEDIATE). Throws when the connection does not exist.
 */
export async function rotateSecretVersions(
  db: Kysely<Database>,
  dialect: StoreDialect,
  connectionId: string,
  next: SecretVersionRecord,
  now: number,
  retireAt: number,
): Promise<void> {
  if (next.connectionId !== connectionId) {
    throw new Error(`secret ${next.id} belongs to ${next.connectionId}, not to ${connectionId}`);
  }
  const expiresAfter = Math.max(now, retireAt);
  await db.transaction().execute(async (trx) => {
    let owner = trx.selectFrom('connections').select('id').where('id', '=', connectionId);
    if (dialect === 'postgres') owner = owner.forUpdate();
    if ((await owner.executeTakeFirst()) === undefined) {
      throw new Error(`connection ${connectionId} does not exist`);
    }
    await trx
      .updateTable('secret_versions')
      .set({ expires_at: retireAt })
      .where('connection_id', '=', connectionId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', expiresAfter)]))
      .execute();
    await trx.insertInto('secret_versions').values(fromSecretRecord(next)).execute();
  });
}

/** Every secret version of every connection, grouped by connection, oldest first. */
export async function selectAllSecrets(db: Kysely<Database>): Promise<readonly SecretVersionRecord[]> {
  const rows = await db
    .selectFrom('secret_versions')
    .selectAll()
    .orderBy('connection_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSecretRecord);
}

/** Replaces the material of one secret version (re-encryption under a new master key). */
export async function updateSecretMaterialRow(
  db: Kysely<Database>,
  id: string,
  material: string,
): Promise<void> {
  await db.updateTable('secret_versions').set({ material }).where('id', '=', id).execute();
}
