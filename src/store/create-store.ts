import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.ts';
import { KyselyStore } from './kysely-store.ts';
import { openSqliteHandle } from './sqlite-writer/open-sqlite.ts';
import { type SqliteWriter, startSqliteWriter } from './sqlite-writer/writer-client.ts';
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
  const handle = openSqliteHandle(dataDir);
  let writer: SqliteWriter | null = null;
  const writerFor = (): SqliteWriter => {
    writer ??= startSqliteWriter(dataDir);
    return writer;
  };
  return new KyselyStore({
    db: handle.db,
    dialect: 'sqlite',
    commitBatch: (items) => writerFor().commit(items),
    // Kysely closes the database only if it ever ran a query, so close it here too (idempotent).
    afterClose: async () => {
      await writer?.close();
      handle.close();
    },
  });
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
 */
export function openPostgresStore(databaseUrl: string, schema?: string): Store {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`schema: ${JSON.stringify(schema)} must be letters, digits and _ (at most 63)`);
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    types: createTypeParsers(),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its server is discarded by the pool; the next query reports the problem.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore({ db, dialect: 'postgres', schema });
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
