import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A connection may set its own secret-rotation reminder (days after the current secret was created);
 * null = the gateway default (HOOKGATE_ROTATION_REMINDER_DAYS).
 */
export const secretAgeMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('connections').addColumn('rotation_reminder_days', 'integer').execute();
  },
};
