import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/** Migration 0002: the delivery tables. */
export function deliveryMigration(_dialect: StoreDialect): Migration {
  return { async up() {} };
}
