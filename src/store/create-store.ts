import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.ts';
import { KyselyStore } from './kysely-store.ts';
import { commitPgBatch } from './pg-batch-commit.ts';
import { handlePgErrors, pgClientClass } from './pg-errors.ts';
import { openSqliteHandle } from './sqlite-writer/open-sqlite.ts';
import { type SqliteWriter, startSqliteWriter } from './sqlite-writer/writer-client.ts';
import { createStoreHealth, type StoreHealthTracker } from './store-health.ts';
import { bindTextSafely } from './text-parameters.ts';
import type { Store } from './types.ts';

/** Where the store keeps its data. */
export interface StoreOptions {
  /** A `postgres://` URL: use PostgreSQL. Unset (or empty): embedded SQLite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** Directory of the SQLite file `hookgate.db` (created when missing); unused with PostgreSQL. */
  readonly dataDir: string;
  /** PostgreSQL only: the schema to use (created by `migrate()`); default: the search_path's first. */
  readonly schema?: string | undefined;
}

/**
 * Opens (creating when needed) `<dataDir>/hookgate.db`: WAL journal, fully synced commits, foreign keys,
 * a busy timeout (see `openSqliteHandle`). Reads and admin writes use this thread's connection; accepted
 * events and history rows are group-committed by a writer thread on its own connection, so the commit's
 * fsync never blocks the event loop. Call `migrate()` before use.
 */
export function openSqliteStore(dataDir: string): Store {
  const health = createStoreHealth();
  const handle = openSqliteHandle(dataDir, queryObserver(health));
  let writer: SqliteWriter | null = null;
  const writerFor = (): SqliteWriter => {
    writer ??= startSqliteWriter(dataDir);
    return writer;
  };
  return new KyselyStore({
    db: handle.db,
    dialect: 'sqlite',
    commitBatch: (items) => health.track(writerFor().commit(items)),
    health,
    // Kysely closes the database only if it ever ran a query, so close it here too (idempotent).
    afterClose: async () => {
      await writer?.close();
      handle.close();
    },
  });
}

/** Kysely's query log, used to tell the store's health every query's outcome (no logging). */
function queryObserver(health: StoreHealthTracker): (event: LogEvent) => void {
  return (event) => health.observe(event.level === 'error' ? event.error : undefined);
}

/** A schema name that needs no quoting in `search_path` or in the connection's startup options. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** PostgreSQL type OID of int8 / bigint. */
const INT8_OID = 20;

/** How long acquiring a new connection may take before a query (or `ping`) fails. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Type parsers for this pool only: int8 (our epoch-ms columns) becomes a JS number instead of a string.
 * Epoch milliseconds stay far below 2^53. Nothing global is changed.
 */
function createTypeParsers(): pg.TypeOverrides {
  const overrides = new pg.TypeOverrides();
  overrides.setTypeParser(INT8_OID, (text: string) => Number(text));
  return overrides;
}

/**
 * Opens a pg pool for `databaseUrl`. With `schema`, every pooled connection starts with
 * `search_path=<schema>` (the schema is created by `migrate()`), which lets tests and several
 * installations share one database. Call `migrate()` before use.
 *
 * A lost or refused connection never ends the process: every client and the pool itself have an error
 * handler, and the store's `health` hears of it. A broken client is discarded by the pool and the next
 * query opens a new connection, so the store recovers by itself when the server is back.
 */
export function openPostgresStore(databaseUrl: string, schema?: string): Store {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`schema: ${JSON.stringify(schema)} must be letters, digits and _ (at most 63)`);
  }
  const health = createStoreHealth();
  const onError = (error: Error): void => health.observe(error);
  const Client = pgClientClass(onError);
  const pool = new pg.Pool({
    Client,
    connectionString: databaseUrl,
    types: createTypeParsers(),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // Errors of idle clients: the pool discards them, the next query opens a new connection.
  handlePgErrors(pool, onError);
  bindTextSafely(pool);
  // Kysely's query log does not see a connection that cannot be opened; this does.
  const observedPool = {
    Client,
    options: pool.options,
    connect: () =>
      pool.connect().catch((error: unknown) => {
        health.observe(error);
        throw error;
      }),
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: observedPool }),
    log: queryObserver(health),
  });
  return new KyselyStore({
    db,
    dialect: 'postgres',
    schema,
    health,
    // Straight on the pool, not through Kysely: one named prepared statement per batch (pg-batch-commit.ts).
    commitBatch: (items) => health.track(commitPgBatch(pool, items)),
  });
}

/**
 * Opens the store the configuration asks for: PostgreSQL when `databaseUrl` is set, else SQLite at
 * `<dataDir>/hookgate.db`. Call `migrate()` once before anything else and `close()` at shutdown.
 */
export function createStore(options: StoreOptions): Store {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgresStore(options.databaseUrl, options.schema);
  }
  return openSqliteStore(options.dataDir);
}
