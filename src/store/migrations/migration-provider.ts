import type { Migration, MigrationProvider } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';
import { initialSchemaMigration } from './0001-initial-schema.ts';

/**
 * The store's migrations, in code (no file-system scanning, so they work from `dist/` and from
 * `--experimental-strip-types` alike). Names sort in the order they must run; never rename one that
 * has shipped, only append.
 */
export function createMigrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-initial-schema': initialSchemaMigration(dialect),
      };
    },
  };
}
