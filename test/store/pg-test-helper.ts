import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { StoreOptions } from '../../src/store/create-store.ts';
import type { Database } from '../../src/store/database-schema.ts';
import { createMigrationProvider } from '../../src/store/migrations/run-migrations.ts';
import { createTestStoreFactory, type TestStoreFactory } from './test-store-factory.ts';

/** The PostgreSQL the tests use: HOOKGATE_TEST_DATABASE_URL, else the local default. */
export const TEST_DATABASE_URL =
  process.env.HOOKGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `work` with a client whose search_path is the schema of `options`, ended after. */
export async function inSchema<T>(
  options: StoreOptions,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    options: `-c search_path=${options.schema}`,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A Kysely instance on the schema of `options`, one connection; values are read as node-postgres reads
 * them unless `types` says otherwise. Destroy it after use.
 */
export function pgSchemaDb(options: StoreOptions, types?: pg.CustomTypesConfig): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: TEST_DATABASE_URL,
    max: 1,
    ...(types !== undefined && { types }),
    options: `-c search_path=${options.schema}`,
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * `pgSchemaDb` on the schema of `options`, created and migrated up to `migration` only (to test what a
 * later migration does to existing data). Destroy it after use.
 */
export async function pgSchemaMigratedTo(
  options: StoreOptions,
  migration: string,
): Promise<Kysely<Database>> {
  const db = pgSchemaDb(options);
  await sql`create schema if not exists ${sql.id(String(options.schema))}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider('postgres'),
    migrationTableSchema: String(options.schema),
  });
  const { error } = await migrator.migrateTo(migration);
  assert.equal(error, undefined);
  return db;
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Runs `work` with one short-lived client; rejects when the server cannot be reached in 10 s. (3 s was
 * seen to time out on a machine loaded by parallel test runs, failing whole PostgreSQL suites under
 * `CI=true` although the server was up.)
 */
async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Undefined when PostgreSQL answers; else why not. */
async function probePostgres(): Promise<string | undefined> {
  try {
    await withClient((client) => client.query('select 1'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Why PostgreSQL tests cannot run: undefined when the server answers; a reason to skip when it does not;
 * throws when it does not and `CI=true` (the test file fails, never skips).
 */
export async function postgresSkipReason(): Promise<string | undefined> {
  const problem = await probePostgres();
  if (problem === undefined) return undefined;
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL at ${redacted(TEST_DATABASE_URL)} is unreachable (CI=true): ${problem}`);
  }
  return (
    `PostgreSQL at ${redacted(TEST_DATABASE_URL)} is unreachable (${problem}); ` +
    'set HOOKGATE_TEST_DATABASE_URL to run these tests'
  );
}

/**
 * Stores on PostgreSQL, each `fresh()` in its own schema `hookgate_test_<run>_<n>`, all dropped by
 * `dispose()`. When the server is unreachable: throws if `CI=true` (the test file fails, never skips),
 * otherwise returns a factory whose `skip` explains why.
 */
export async function pgTestStoreFactory(): Promise<TestStoreFactory> {
  const skip = await postgresSkipReason();
  const run = `hookgate_test_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  return createTestStoreFactory({
    label: 'postgres',
    skip,
    async newDatabase() {
      if (skip !== undefined) throw new Error(skip);
      const schema = `${run}_${schemas.length + 1}`;
      schemas.push(schema);
      return { databaseUrl: TEST_DATABASE_URL, dataDir: tmpdir(), schema };
    },
    async removeAll() {
      const dropping = schemas.splice(0);
      if (dropping.length === 0) return;
      await withClient((client) => client.query(`drop schema if exists ${dropping.join(', ')} cascade`));
    },
  });
}
