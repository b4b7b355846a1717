import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/** Migration 0003: the processing tables. */
export function processingMigration(_dialect: StoreDialect): Migration {
  return { async up() {} };
}
