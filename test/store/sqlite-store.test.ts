import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createStore } from '../../src/store/create-store.ts';
import { listHistoryPage } from '../../src/store/history-queries.ts';
import {
  openSqliteDatabase,
  openSqliteHandle,
  SQLITE_FILE_NAME,
} from '../../src/store/sqlite-writer/open-sqlite.ts';
import type { HistoryFilter } from '../../src/store/types.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { bodyPreviewScenario } from './contract-body-preview.ts';
import { searchEdgeScenario, searchScenario } from './contract-history-search.ts';
import { acceptArgs, connectionRecord, historyRecord, T0 } from './fixtures.ts';
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

  test('the checkpoint thread copies the WAL into the database file; commits do not checkpoint themselves', async () => {
    const dataDir = join(root, 'checkpoints');
    const store = createStore({ dataDir });
    await store.migrate();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const own = openSqliteDatabase(dataDir);
    const limit = { ...own.prepare('PRAGMA wal_autocheckpoint').get() };
    own.close();
    assert.deepEqual(limit, { wal_autocheckpoint: 10_000 }, 'automatic checkpoints are only the safety net');
    const sizeBefore = statSync(file).size;
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const body = new Uint8Array(2048).fill(120);
    // ~300 pages: far below the automatic checkpoint, so only the checkpoint thread can move them.
    await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        store.acceptEvent(...acceptArgs(connection.id, { at: T0 + n, body })),
      ),
    );
    const size = await pollUntil(
      () => statSync(file).size,
      (bytes) => bytes > sizeBefore,
      { attempts: 301 },
    );
    await store.close();
    assert.ok(
      size > sizeBefore,
      `hookgate.db grew from ${sizeBefore} bytes: checkpointed by the checkpoint thread`,
    );
  });

  test('an unused store closes cleanly (no query ever ran)', async () => {
    const store = createStore({ dataDir: join(root, 'unused') });
    await store.close();
  });

  test('the writer thread indexes history for search; searches stay right once indexed, after deletes too', async () => {
    const dataDir = join(root, 'search');
    const store = createStore({ dataDir });
    await store.migrate();
    const indexState = () =>
      inspectSqliteFile(dataDir, (database) => ({
        ...database
          .prepare(
            `select (select indexed_upto from history_search_state) as upto,
               (select coalesce(max(rowid), 0) from history) as newest,
               (select count(*) from history_fts) as indexed, (select count(*) from history) as rows`,
          )
          .get(),
      }));
    const caughtUp = async () => {
      const state = await pollUntil(indexState, (s) => s.upto === s.newest);
      assert.equal(state.upto, state.newest, 'the indexer caught up');
      assert.equal(state.indexed, state.rows, 'one index entry per history row');
    };
    try {
      await searchScenario(store, caughtUp);
      assert.ok(Number(indexState().indexed) > 0);
    } finally {
      await store.close();
    }
  });

  test('the index holds every searchable word: header values, the body up to its bound, ids', async () => {
    const dataDir = join(root, 'search-edges');
    const store = createStore({ dataDir });
    await store.migrate();
    const state = () =>
      inspectSqliteFile(dataDir, (database) => ({
        ...database
          .prepare(
            `select (select indexed_upto from history_search_state) as upto,
               (select coalesce(max(rowid), 0) from history) as newest,
               (select count(*) from history_fts) as indexed`,
          )
          .get(),
      }));
    try {
      await searchEdgeScenario(store, async () => {
        const caught = await pollUntil(state, (s) => s.upto === s.newest);
        // Found by the index alone: no row is left to the scan of unindexed rows.
        assert.deepEqual([caught.upto, caught.indexed], [caught.newest, 3]);
      });
    } finally {
      await store.close();
    }
  });

  test('rows a stopped writer left unindexed are indexed once the store runs again', async () => {
    const dataDir = join(root, 'search-restart');
    const connection = connectionRecord();
    const first = createStore({ dataDir });
    await first.migrate();
    await first.createConnection(connection, null);
    for (let n = 0; n < 5; n++)
      await first.recordHistory(historyRecord(connection.id, { message: `row${n}` }));
    await first.close();
    // Whatever the first writer indexed before it stopped, forget it: the new writer must index all.
    const own = openSqliteDatabase(dataDir);
    own.exec("insert into history_fts (history_fts) values ('delete-all')");
    own.exec('update history_search_state set indexed_upto = 0');
    own.close();
    const second = createStore({ dataDir });
    await second.migrate();
    try {
      await second.recordHistory(historyRecord(connection.id, { message: 'row5' }));
      const indexed = await pollUntil(
        () =>
          inspectSqliteFile(dataDir, (database) => ({
            ...database
              .prepare(
                `select (select indexed_upto from history_search_state) as upto,
                   (select count(*) from history_fts) as entries`,
              )
              .get(),
          })),
        (s) => s.entries === 6,
      );
      assert.deepEqual(indexed.entries, 6);
      assert.deepEqual((await second.listHistory({ limit: 10, q: 'row0' })).items.length, 1);
    } finally {
      await second.close();
    }
  });

  test('searches with many index hits (the newest-first walk) find the same rows', async () => {
    const dataDir = join(root, 'search-many');
    const store = createStore({ dataDir });
    await store.migrate();
    const handle = openSqliteHandle(dataDir);
    // Every search takes the many-hits shape: no hit count is "few".
    const walking = new Proxy(store, {
      get: (target, name) => {
        if (name === 'listHistory')
          return (filter: HistoryFilter) => listHistoryPage(handle.db, 'sqlite', filter, 0);
        const value = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      await searchScenario(walking, async () => {});
    } finally {
      await handle.db.destroy();
      handle.close();
      await store.close();
    }
  });
  test('an accepted row stores no copy of a UTF-8 body; its preview and search words come from the event, scanned or indexed', async () => {
    const dataDir = join(root, 'search-derived');
    const store = createStore({ dataDir });
    await store.migrate();
    const indexState = () =>
      inspectSqliteFile(dataDir, (database) => ({
        ...database
          .prepare(
            `select (select indexed_upto from history_search_state) as upto,
               (select coalesce(max(rowid), 0) from history) as newest`,
          )
          .get(),
      }));
    const caughtUp = async () => {
      await pollUntil(indexState, (s) => s.upto === s.newest);
    };
    const handle = openSqliteHandle(dataDir);
    const walking = new Proxy(store, {
      get: (target, name) => {
        if (name === 'listHistory')
          return (filter: HistoryFilter) => listHistoryPage(handle.db, 'sqlite', filter, 0);
        const value = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      // Before the writer indexes the rows (the scan) and after, in both query shapes.
      for (const [shape, settle] of [
        [store, async () => {}],
        [store, caughtUp],
        [walking, async () => {}],
        [walking, caughtUp],
      ] as const) {
        const derived = await bodyPreviewScenario(shape, settle);
        const blank = inspectSqliteFile(dataDir, (database) =>
          database
            .prepare(
              `select count(*) as n from history where body_preview = '' and event_id is not null
                 and id in (select value from json_each(?))`,
            )
            .get(JSON.stringify(derived)),
        );
        assert.equal(blank?.n, derived.length, 'the rows of UTF-8 bodies store an empty preview');
      }
      const kept = inspectSqliteFile(dataDir, (database) =>
        database
          .prepare(
            `select count(*) as n from history where body_preview = '' and body_size > 0
               and (event_id is null or outcome != 'ACCEPTED')`,
          )
          .get(),
      );
      assert.equal(kept?.n, 0, 'rows without an event of their own keep their preview');
    } finally {
      handle.close();
      await store.close();
    }
  });

  test('a row whose message changes after it was indexed: search finds the new words, never the old', async () => {
    const dataDir = join(root, 'search-requeue');
    const store = createStore({ dataDir });
    await store.migrate();
    const searchState = () =>
      inspectSqliteFile(dataDir, (database) => ({
        ...database
          .prepare(
            `select (select indexed_upto from history_search_state) as upto,
               (select coalesce(max(rowid), 0) from history) as newest,
               (select count(*) from history_search_stale) as stale,
               (select count(*) from history_fts) as indexed`,
          )
          .get(),
      }));
    const caughtUp = () => pollUntil(searchState, (s) => s.upto === s.newest && s.stale === 0);
    const handle = openSqliteHandle(dataDir);
    try {
      const connection = connectionRecord();
      await store.createConnection(connection, null);
      const row = historyRecord(connection.id, { message: 'alpha arrived' });
      await store.recordHistory(row);
      await caughtUp();
      // As processing does when it settles the row (finish-queries.ts), on a connection of its own.
      await handle.db
        .updateTable('history')
        .set({ message: 'bravo processed' })
        .where('id', '=', row.id)
        .execute();
      assert.equal(searchState().stale, 1, 'the update queued the row to be indexed again');
      const ids = async (q: string) =>
        (await store.listHistory({ limit: 10, q })).items.map((item) => item.id);
      const walked = async (q: string) =>
        (await listHistoryPage(handle.db, 'sqlite', { limit: 10, q }, 0)).items.map((item) => item.id);
      // Before the indexer runs again (found by the scan of queued rows), in both query shapes …
      assert.deepEqual([await ids('bravo'), await ids('alpha'), await ids('arrived')], [[row.id], [], []]);
      assert.deepEqual([await walked('bravo'), await walked('alpha')], [[row.id], []]);
      // … and after: the next commit lets the writer index the queued row.
      await store.recordHistory(historyRecord(connection.id, { message: 'another' }));
      const state = await caughtUp();
      assert.deepEqual([state.stale, state.indexed], [0, 2]);
      assert.deepEqual([await ids('bravo'), await ids('alpha'), await ids('arrived')], [[row.id], [], []]);
      // A message set to the same text queues nothing.
      await handle.db
        .updateTable('history')
        .set({ message: 'bravo processed' })
        .where('id', '=', row.id)
        .execute();
      assert.equal(searchState().stale, 0);
    } finally {
      handle.close();
      await store.close();
    }
  });
});
