import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Migration 0007: `history.repeat_count`, how many identical refused requests a row stands for. A flood of
 * identical refusals over the refusal limit is folded into one row whose count grows (existing rows stand
 * for one request each).
 */
export function refusalCoalescingMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('history')
        .addColumn('repeat_count', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  };
}
