import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';
import { addLeasedJobColumns } from '../job-columns.ts';

/** Secondary indexes: newest-first listings, the queue's due scan, replay by endpoint, purge by time. */
const INDEXES: readonly [string, string, string[]][] = [
  ['delivery_applications_created_idx', 'delivery_applications', ['created_at', 'id']],
  ['delivery_endpoints_application_idx', 'delivery_endpoints', ['application_id', 'created_at', 'id']],
  ['delivery_secrets_owner_idx', 'delivery_secrets', ['owner_id', 'created_at']],
  ['delivery_messages_application_idx', 'delivery_messages', ['application_id', 'created_at', 'id']],
  ['delivery_messages_created_idx', 'delivery_messages', ['created_at', 'id']],
  ['delivery_jobs_due_idx', 'delivery_jobs', ['due_at']],
  ['delivery_jobs_endpoint_idx', 'delivery_jobs', ['endpoint_id', 'state', 'created_at']],
  ['delivery_attempts_message_idx', 'delivery_attempts', ['message_id', 'created_at', 'id']],
  ['delivery_attempts_endpoint_idx', 'delivery_attempts', ['endpoint_id', 'created_at', 'id']],
  ['delivery_attempts_delivery_idx', 'delivery_attempts', ['delivery_id']],
  ['delivery_attempts_created_idx', 'delivery_attempts', ['created_at']],
];

/**
 * Migration 0002: applications, endpoints, their sealed secrets, messages, the delivery queue and attempts.
 * Times are epoch-ms `bigint`s, JSON fields text. Deleting an application cascades to its endpoints and
 * messages; deleting a message or an endpoint cascades to its jobs, and a job to its attempts. The
 * dialect does not change any column here (no binary data).
 */
export function deliveryMigration(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('delivery_applications')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_preview', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('delivery_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('application_id', 'text', (c) =>
          c.notNull().references('delivery_applications.id').onDelete('cascade'),
        )
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('event_types', 'text')
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('rate_limit', 'integer')
        .addColumn('max_concurrency', 'integer')
        .addColumn('signing', 'text', (c) => c.notNull())
        .addColumn('secret_preview', 'text')
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('retry_schedule', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('delivery_secrets')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('material', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema
        .createTable('delivery_messages')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('event_id', 'text', (c) => c.notNull().unique())
        .addColumn('application_id', 'text', (c) =>
          c.notNull().references('delivery_applications.id').onDelete('cascade'),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('connection_id', 'text')
        .addColumn('source_event_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('delivery_messages_idempotency_idx')
        .on('delivery_messages')
        .columns(['application_id', 'idempotency_key'])
        .unique()
        .execute();
      await createQueueTables(db);
      for (const [name, table, columns] of INDEXES) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
    },
  };
}

/** The queue (`delivery_jobs`, unique per message and endpoint) and its attempts. */
async function createQueueTables(db: Kysely<unknown>): Promise<void> {
  await addLeasedJobColumns(
    db.schema
      .createTable('delivery_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('message_id', 'text', (c) =>
        c.notNull().references('delivery_messages.id').onDelete('cascade'),
      )
      .addColumn('endpoint_id', 'text', (c) =>
        c.notNull().references('delivery_endpoints.id').onDelete('cascade'),
      )
      .addColumn('application_id', 'text', (c) => c.notNull()),
  )
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('delivery_jobs_message_endpoint_uq', ['message_id', 'endpoint_id'])
    .execute();
  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('delivery_jobs.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body_preview', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
