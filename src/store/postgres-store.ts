import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.ts';
import { KyselyStore } from './kysely-store.ts';
import type { Store } from './types.ts';

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
