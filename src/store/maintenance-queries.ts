import { type Kysely, sql } from 'kysely';
import type { Database, StoreDialect } from './database-schema.ts';
import type { ExclusiveResult } from './types.ts';

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

/** Inserts one setting unless present; returns the value stored (the first writer's). */
export async function insertSettingOnce(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  return (await selectSetting(db, key)) ?? value;
}

/**
 * Runs `work` under a PostgreSQL transaction-level advisory lock named after the schema and `name`, or
 * not at all when another session holds it. The transaction only holds the lock (the work uses other
 * connections); ending it, or losing its connection, releases the lock. SQLite: one process, runs.
 */
export async function runExclusive<T>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  name: string,
  work: () => Promise<T>,
): Promise<ExclusiveResult<T>> {
  if (dialect === 'sqlite') return { ran: true, value: await work() };
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ got: boolean }>`
      select pg_try_advisory_xact_lock(hashtext(current_schema() || ':' || ${name})) as got`.execute(trx);
    if (locked.rows[0]?.got !== true) return { ran: false };
    return { ran: true, value: await work() };
  });
}
