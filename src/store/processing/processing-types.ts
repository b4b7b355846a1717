/**
 * Storage of the inbound processing (issue 5): schema samples, contacts and identifiers, flows and flow runs,
 * and the processing queue. Implemented in this folder on the shared Kysely instance; reached as `store.processing`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the processing work
export interface ProcessingStore {}
