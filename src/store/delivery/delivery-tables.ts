/** Kysely row shapes of the delivery tables; merged into `Database` (database-schema.ts). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the outbound delivery work
export interface DeliveryTables {}
