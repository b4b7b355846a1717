import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createStore } from '../../src/store/create-store.ts';
import { SQLITE_FILE_NAME } from '../../src/store/sqlite-writer/open-sqlite.ts';
import { inspectSqliteFile, sqliteTestStoreFactory } from './sqlite-test-helper.ts';
import { runStoreContract } from './store-contract.ts';

runStoreContract(sqliteTestStoreFactory());

describe('SQLite store specifics', () => {
  const root = mkdtempSync(join(tmpdir(), 'hookgate-sqlite-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('creates the data directory and hookgate.db in WAL mode', async () => {
    const dataDir = join(root, 'nested', 'data');
    const store = createStore({ dataDir });
    await store.migrate();
    await store.close();
    const file = join(dataDir, SQLITE_FILE_NAME);
    assert.ok(existsSync(file));
    inspectSqliteFile(dataDir, (database) => {
      assert.deepEqual({ ...database.prepare('PRAGMA journal_mode').get() }, { journal_mode: 'wal' });
      const tables = database
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'kysely%' order by name",
        )
        .all()
        .map((row) => row.name);
      for (const core of [
        'connections',
        'events',
        'history',
        'idempotency_keys',
        'secret_versions',
        'settings',
      ]) {
        assert.ok(tables.includes(core), `the core table ${core} exists`);
      }
    });
  });

  test('an unused store closes cleanly (no query ever ran)', async () => {
    const store = createStore({ dataDir: join(root, 'unused') });
    await store.close();
  });
});
