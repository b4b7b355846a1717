import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Database, StoreDialect } from '../database-schema.ts';
import { deliveryMigration } from '../delivery/migration.ts';
import { eventStreamMigration } from '../event-stream/migration.ts';
import { forwardMigration } from '../forward/migration.ts';
import { processingMigration } from '../processing/migration.ts';
import { hasSqlState } from '../store-errors.ts';
import { initialSchemaMigration } from './0001-initial-schema.ts';
import { clusterLimitsMigration } from './0005-cluster-limits.ts';
import { refusalCoalescingMigration } from './0007-refusal-coalescing.ts';
import { secretAgeMigration } from './0008-secret-age.ts';
import { historySearchMigration } from './0009-history-search.ts';
import { historyWarningsMigration } from './0010-history-warnings.ts';
import { eventStreamAppendMigration } from './0011-event-stream-append.ts';
import { pgWritePathMigration } from './0012-pg-write-path.ts';
import { sqliteSearchRequeueMigration } from './0013-sqlite-search-requeue.ts';
import { eventStreamInEventsMigration } from './0014-event-stream-in-events.ts';
import { pgSearchWordsMigration } from './0015-pg-search-words.ts';

/**
 * The store's migrations, in code (no file-system scanning, so they work from `dist/` and from
 * `--experimental-strip-types` alike). Names sort in the order they must run; never rename one that
 * has shipped, only append.
 */
export function createMigrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-initial-schema': initialSchemaMigration(dialect),
        '0002-delivery': deliveryMigration(dialect),
        '0003-processing': processingMigration(dialect),
        '0005-cluster-limits': clusterLimitsMigration(dialect),
        '0006-forwarding': forwardMigration(),
        '0007-refusal-coalescing': refusalCoalescingMigration(),
        '0008-secret-age': secretAgeMigration,
        '0009-event-stream': eventStreamMigration(dialect),
        '0009-history-search': historySearchMigration(dialect),
        '0010-history-warnings': historyWarningsMigration,
        '0011-event-stream-append': eventStreamAppendMigration(dialect),
        '0012-pg-write-path': pgWritePathMigration(dialect),
        '0013-sqlite-search-requeue': sqliteSearchRequeueMigration(dialect),
        '0014-event-stream-in-events': eventStreamInEventsMigration(dialect),
        '0015-pg-search-words': pgSearchWordsMigration(dialect),
      };
    },
  };
}

/**
 * Kysely's Migrator lists the tables of every schema in the database; when another installation (or test)
 * drops a schema at that moment, PostgreSQL answers "undefined table / schema / column". Such a race is
 * retried; a real failure repeats and is reported.
 */
const CATALOG_RACE_CODES = new Set(['42P01', '3F000', '42703']);
const CATALOG_RACE_ATTEMPTS = 4;

/** PostgreSQL error codes for "already exists" races on `CREATE SCHEMA IF NOT EXISTS`. */
const SCHEMA_EXISTS_CODES = new Set(['23505', '42P06']);

/**
 * The PostgreSQL schema the store's tables live in: creates `schema` when given (two processes may race
 * here), else the first schema of the connection's search_path.
 */
async function preparePgSchema(db: Kysely<Database>, schema: string | undefined): Promise<string> {
  if (schema !== undefined) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (error) {
      if (!hasSqlState(error, SCHEMA_EXISTS_CODES)) throw error;
    }
    return schema;
  }
  const result = await sql<{ name: string | null }>`select current_schema() as name`.execute(db);
  const name = result.rows[0]?.name;
  if (name === null || name === undefined) {
    throw new Error('PostgreSQL has no current schema: none of the search_path schemas exists');
  }
  return name;
}

/**
 * Brings the schema up to the newest migration; already-applied migrations are skipped, so this is safe
 * on every start. On PostgreSQL the migration bookkeeping tables live in the same schema as the data
 * (Kysely otherwise finds another schema's bookkeeping table and skips creating its own).
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: StoreDialect,
  schema: string | undefined,
): Promise<void> {
  const migrationTableSchema = dialect === 'postgres' ? await preparePgSchema(db, schema) : undefined;
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(dialect),
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return;
    if (attempt < CATALOG_RACE_ATTEMPTS && hasSqlState(error, CATALOG_RACE_CODES)) continue;
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`store migration ${failed ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
