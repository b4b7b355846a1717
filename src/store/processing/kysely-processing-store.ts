import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import type { ProcessingStore } from './processing-types.ts';

/** The processing store on the shared Kysely instance. */
export function createProcessingStore(_db: Kysely<Database>, _dialect: StoreDialect): ProcessingStore {
  return {};
}
