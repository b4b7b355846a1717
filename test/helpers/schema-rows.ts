import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/database-schema.ts';

/**
 * Inserts an enabled hmac connection `id` with only the columns of the first schema (migration 0001), so
 * that it fits a database migrated up to any version: tests of a later migration need a connection for
 * their rows' foreign keys before the store's own `createConnection` (which writes today's columns) works.
 */
export async function insertFirstSchemaConnection(
  db: Kysely<Database>,
  id: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('connections')
    .values({
      id,
      name: id,
      mode: 'hmac',
      auth_config: '{}',
      enabled: true,
      created_at: at,
      updated_at: at,
    })
    .execute();
}
