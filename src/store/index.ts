/** The store: SQLite or PostgreSQL behind narrow repositories, their records and errors. Re-exports only. */
export { createStore, type StoreOptions } from './create-store.ts';
export * from './delivery/delivery-inputs.ts';
export * from './delivery/delivery-records.ts';
export * from './delivery/delivery-types.ts';
export * from './event-stream/event-stream-types.ts';
export * from './forward/forward-types.ts';
export * from './history-search.ts';
export * from './job-leases.ts';
export { MAX_WRITE_BATCH } from './kysely-store.ts';
export { MAX_PAGE_LIMIT } from './page-cursor.ts';
export { handlePgErrors, type PgErrorHandler, pgClientClass } from './pg-errors.ts';
export * from './processing/processing-records.ts';
export * from './processing/processing-types.ts';
export { SQLITE_FILE_NAME } from './sqlite-writer/open-sqlite.ts';
export * from './stats-queries.ts';
export * from './store-errors.ts';
export type { StoreHealth } from './store-health.ts';
export type * from './types.ts';
