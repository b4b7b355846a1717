import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';

/** How many rows a purge removed, per kind. */
export interface PurgeCounts {
  history: number;
  events: number;
  keys: number;
}

/**
 * Retention, in one transaction: history rows and events received before `before`, idempotency keys
 * created before `keysBefore`. Both bounds are exclusive.
 */
export async function purgeOldRows(
  db: Kysely<Database>,
  before: number,
  keysBefore: number,
): Promise<PurgeCounts> {
  return db.transaction().execute(async (trx) => {
    const history = await trx.deleteFrom('history').where('received_at', '<', before).executeTakeFirst();
    const events = await trx.deleteFrom('events').where('received_at', '<', before).executeTakeFirst();
    const keys = await trx
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', keysBefore)
      .executeTakeFirst();
    return {
      history: Number(history.numDeletedRows),
      events: Number(events.numDeletedRows),
      keys: Number(keys.numDeletedRows),
    };
  });
}

/** One setting's value, or null. */
export async function selectSetting(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/** Creates or replaces one setting (upsert). */
export async function upsertSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value') }))
    .execute();
}
