import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { addLeasedJobColumns } from '../job-columns.ts';

/** Secondary indexes: the queue's due scan, bulk redelivery by connection, attempts newest first. */
const INDEXES: readonly [string, string, string[]][] = [
  ['forward_jobs_due_idx', 'forward_jobs', ['due_at']],
  ['forward_jobs_connection_idx', 'forward_jobs', ['connection_id', 'state', 'created_at']],
  ['forward_attempts_event_idx', 'forward_attempts', ['event_id', 'created_at', 'id']],
];

/**
 * Migration 0006: a connection's forwarding settings (`connections.forward`, JSON text, null = not
 * forwarding), the forwarding queue and its attempts. A job belongs to its event and goes with it
 * (retention, connection deletion); attempts go with their job. The forwarding secret lives in
 * `delivery_secrets` (owner = the connection id), sealed like every outbound credential.
 */
export function forwardMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('connections').addColumn('forward', 'text').execute();
      await addLeasedJobColumns(
        db.schema
          .createTable('forward_jobs')
          .addColumn('event_id', 'text', (c) =>
            c.primaryKey().notNull().references('events.id').onDelete('cascade'),
          )
          .addColumn('connection_id', 'text', (c) =>
            c.notNull().references('connections.id').onDelete('cascade'),
          ),
      )
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('forward_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('forward_jobs.event_id').onDelete('cascade'),
        )
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('response_preview', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      for (const [name, table, columns] of INDEXES) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
    },
  };
}
