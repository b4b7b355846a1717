import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/** History is listed newest first overall, per connection and per outcome; purge scans by time. */
const HISTORY_INDEXES: [string, string[]][] = [
  ['history_received_idx', ['received_at', 'id']],
  ['history_connection_received_idx', ['connection_id', 'received_at', 'id']],
  ['history_outcome_received_idx', ['outcome', 'received_at', 'id']],
];

/**
 * The first schema: connections, their secret versions, request history, stored events, idempotency
 * keys and settings. Times are epoch-ms `bigint`s; JSON fields are text. Deleting a connection cascades
 * to every row that belongs to it. Only the body column differs between dialects (`bytea` / `blob`).
 */
export function initialSchemaMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('auth_config', 'text', (c) => c.notNull())
        .addColumn('secret_preview', 'text')
        .addColumn('max_body_bytes', 'integer')
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('connections_created_idx')
        .on('connections')
        .columns(['created_at', 'id'])
        .execute();

      await db.schema
        .createTable('secret_versions')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('material', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('secret_versions_connection_idx')
        .on('secret_versions')
        .columns(['connection_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('history')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('body_preview', 'text', (c) => c.notNull())
        .addColumn('body_size', 'integer', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('duplicate_of', 'text')
        .addColumn('contact_id', 'text')
        .execute();
      for (const [name, columns] of HISTORY_INDEXES) {
        await db.schema.createIndex(name).on('history').columns(columns).execute();
      }

      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('content_type', 'text')
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('body', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .execute();
      await db.schema.createIndex('events_received_idx').on('events').column('received_at').execute();
      await db.schema
        .createIndex('events_connection_received_idx')
        .on('events')
        .columns(['connection_id', 'received_at'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['connection_id', 'key'])
        .execute();
      await db.schema
        .createIndex('idempotency_keys_created_idx')
        .on('idempotency_keys')
        .column('created_at')
        .execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey().notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
