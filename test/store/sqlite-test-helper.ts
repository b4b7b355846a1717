import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_FILE_NAME } from '../../src/store/sqlite-writer/open-sqlite.ts';
import { createTestStoreFactory, type TestStoreFactory } from './test-store-factory.ts';

/**
 * Stores on SQLite: every `fresh()` gets its own `fs.mkdtempSync` directory, all removed by
 * `dispose()`. Never skipped (node:sqlite is built in).
 */
export function sqliteTestStoreFactory(): TestStoreFactory {
  const directories: string[] = [];
  return createTestStoreFactory({
    label: 'sqlite',
    skip: undefined,
    async newDatabase() {
      const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-store-'));
      directories.push(dataDir);
      return { dataDir };
    },
    async removeAll() {
      for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
    },
  });
}

/**
 * Runs `inspect` on a read-only handle to `<dataDir>/hookgate.db`, e.g. to check pragmas or count rows
 * behind the store's back; the handle is closed afterwards.
 */
export function inspectSqliteFile<T>(dataDir: string, inspect: (database: DatabaseSync) => T): T {
  const database = new DatabaseSync(join(dataDir, SQLITE_FILE_NAME), { readOnly: true });
  try {
    return inspect(database);
  } finally {
    database.close();
  }
}
