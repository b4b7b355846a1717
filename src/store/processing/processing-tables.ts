/** Kysely row shapes of the processing tables; merged into `Database` (database-schema.ts). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the processing work
export interface ProcessingTables {}
