import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/** Secondary indexes: newest-first listings, flows by connection, runs by flow and event, lease expiry. */
const INDEXES: readonly [string, string, string[]][] = [
  ['processing_contacts_created_idx', 'processing_contacts', ['created_at', 'id']],
  ['processing_flows_created_idx', 'processing_flows', ['created_at', 'id']],
  ['processing_flows_connection_idx', 'processing_flows', ['connection_id', 'created_at', 'id']],
  ['processing_runs_flow_idx', 'processing_runs', ['flow_id', 'started_at', 'id']],
  ['processing_runs_event_idx', 'processing_runs', ['event_id']],
  ['processing_jobs_lease_idx', 'processing_jobs', ['state', 'lease_until']],
];

/** Each identifier names at most one contact (NULLs do not clash, on either engine). */
const UNIQUE_INDEXES: readonly [string, string][] = [
  ['processing_contacts_chat_id_key', 'chat_id'],
  ['processing_contacts_phone_key', 'phone'],
  ['processing_contacts_channel_user_id_key', 'channel_user_id'],
  ['processing_contacts_email_key', 'email'],
];

/**
 * Migration 0003: processing settings and samples (per connection), contacts, flows, flow runs, the
 * processing queue and its scan cursor. Times are epoch-ms `bigint`s, JSON fields text; no column differs
 * between dialects. Deleting a connection cascades to its settings and flows, a flow to its runs, and an
 * event (retention purge) to its job and runs.
 */
export function processingMigration(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('processing_settings')
        .addColumn('connection_id', 'text', (c) =>
          c.primaryKey().notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('identifier_type', 'text')
        .addColumn('identifier_path', 'text')
        .addColumn('identifier_country', 'text')
        .addColumn('on_unknown_contact', 'text', (c) => c.notNull())
        .addColumn('capture_armed_at', 'bigint')
        .addColumn('sample_event_id', 'text')
        .addColumn('sample_captured_at', 'bigint')
        .addColumn('sample', 'text')
        .addColumn('sample_schema', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('processing_contacts')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('name', 'text')
        .addColumn('chat_id', 'text')
        .addColumn('phone', 'text')
        .addColumn('channel_user_id', 'text')
        .addColumn('email', 'text')
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('processing_flows')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('filter', 'text')
        .addColumn('transform', 'text')
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('processing_runs')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('flow_id', 'text', (c) =>
          c.notNull().references('processing_flows.id').onDelete('cascade'),
        )
        .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('output', 'text')
        .addColumn('error', 'text')
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('processing_runs_flow_event_key', ['flow_id', 'event_id'])
        .execute();

      await db.schema
        .createTable('processing_jobs')
        .addColumn('event_id', 'text', (c) =>
          c.primaryKey().notNull().references('events.id').onDelete('cascade'),
        )
        .addColumn('history_id', 'text', (c) => c.notNull())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('lease_until', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();

      await db.schema
        .createTable('processing_cursor')
        .addColumn('name', 'text', (c) => c.primaryKey().notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();

      for (const [name, table, columns] of INDEXES) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
      for (const [name, column] of UNIQUE_INDEXES) {
        await db.schema.createIndex(name).on('processing_contacts').column(column).unique().execute();
      }
    },
  };
}
