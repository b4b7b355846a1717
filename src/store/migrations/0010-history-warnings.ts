import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * History rows may carry warnings about a request that was still processed (e.g. a header credential sent
 * over plain HTTP): a JSON array of strings, null when there are none (every row written before this).
 */
export const historyWarningsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('history').addColumn('warnings', 'text').execute();
  },
};
