import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import type { DeliveryStore } from './delivery-types.ts';

/** The delivery store on the shared Kysely instance. */
export function createDeliveryStore(_db: Kysely<Database>, _dialect: StoreDialect): DeliveryStore {
  return {};
}
