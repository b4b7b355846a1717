export { createStore, type StoreOptions } from './create-store.ts';
export { MAX_WRITE_BATCH } from './kysely-store.ts';
export { MAX_PAGE_LIMIT } from './page-cursor.ts';
export { handlePgErrors, type PgErrorHandler, pgClientClass } from './pg-errors.ts';
export { SQLITE_FILE_NAME } from './sqlite-writer/open-sqlite.ts';
export { isStoreUnavailable, StoreConflictError, StoreCursorError } from './store-errors.ts';
export type { StoreHealth } from './store-health.ts';
export type * from './types.ts';
