import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
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
 * Opens the store the configuration asks for: PostgreSQL when `databaseUrl` is set, else SQLite at
 * `<dataDir>/hookgate.db`. Call `migrate()` once before anything else and `close()` at shutdown.
 */
export function createStore(options: StoreOptions): Store {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgresStore(options.databaseUrl, options.schema);
  }
  return openSqliteStore(options.dataDir);
}
