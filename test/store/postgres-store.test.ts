import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createStore, type StoreOptions } from '../../src/store/create-store.ts';
import type { Database } from '../../src/store/database-schema.ts';
import { listHistoryPage } from '../../src/store/history-queries.ts';
import type { AcceptResult, HistoryFilter, Store } from '../../src/store/types.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { bodyPreviewScenario } from './contract-body-preview.ts';
import { searchScenario } from './contract-history-search.ts';
import { acceptArgs, connectionRecord, historyRecord, T0 } from './fixtures.ts';
import {
  inSchema,
  pgSchemaDb,
  pgSchemaMigratedTo,
  pgTestStoreFactory,
  TEST_DATABASE_URL,
} from './pg-test-helper.ts';
import { runStoreContract } from './store-contract.ts';

const factory = await pgTestStoreFactory();
runStoreContract(factory);

/** A Kysely instance on the store's schema (bigint read as numbers, as the store does); destroy it after. */
function schemaDb(options: StoreOptions): Kysely<Database> {
  const types = new pg.TypeOverrides();
  types.setTypeParser(20, Number);
  return pgSchemaDb(options, types);
}

/** Counts of the search bookkeeping: history rows, indexed rows, pending rows. */
async function searchState(
  options: StoreOptions,
): Promise<{ rows: number; indexed: number; pending: number }> {
  return inSchema(options, async (client) => {
    const result = await client.query(`select (select count(*) from history)::int as rows,
      (select count(*) from history_search)::int as indexed,
      (select count(*) from history_search_pending)::int as pending`);
    return result.rows[0];
  });
}

/** Waits until the store's indexer has indexed every history row; fails the test otherwise. */
async function indexed(options: StoreOptions): Promise<void> {
  const state = await pollUntil(
    () => searchState(options),
    (s) => s.pending === 0 && s.indexed === s.rows,
  );
  assert.deepEqual(state, { rows: state.rows, indexed: state.rows, pending: 0 }, 'the indexer caught up');
}

/** A migrated store on a new schema, with its options; closed after the test. */
/** `store` whose history searches all take the many-hits shape (the newest-first walk): no hit count is "few". */
function walkingSearches(store: Store, db: Kysely<Database>): Store {
  return new Proxy(store, {
    get: (target, name) => {
      if (name === 'listHistory')
        return (filter: HistoryFilter) => listHistoryPage(db, 'postgres', filter, 0);
      const value = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function freshWithOptions(t: { after(fn: () => Promise<void>): void }): Promise<[Store, StoreOptions]> {
  const options = await factory.freshOptions();
  const store = createStore(options);
  t.after(() => store.close());
  await store.migrate();
  return [store, options];
}

/** How many results are `accepted`. */
function acceptedCount(results: readonly AcceptResult[]): number {
  return results.filter((result) => result.status === 'accepted').length;
}

describe('PostgreSQL store specifics', { skip: factory.skip ?? false }, () => {
  after(() => factory.dispose());

  test('two stores (two pools) racing one idempotency key store exactly one event', async (t) => {
    const first = await factory.fresh(t);
    const second = await factory.openAgain(first);
    t.after(() => second.close());
    const connection = connectionRecord();
    await first.createConnection(connection, null);
    const calls = Array.from({ length: 100 }, (_, i) =>
      acceptArgs(connection.id, { key: 'race', at: T0 + i }),
    );
    const results = await Promise.all(
      calls.map(([event, history], i) => (i % 2 === 0 ? first : second).acceptEvent(event, history)),
    );
    assert.equal(acceptedCount(results), 1);
    const winner = results.find((result) => result.status === 'accepted')?.eventId;
    assert.ok(results.every((result) => result.eventId === winner));
    const stored = await Promise.all(calls.map(([event]) => second.getEvent(event.id)));
    assert.equal(stored.filter((event) => event !== null).length, 1);
  });

  test('two stores claiming many keys in opposite orders: one winner per key, no deadlock', async (t) => {
    const first = await factory.fresh(t);
    const second = await factory.openAgain(first);
    t.after(() => second.close());
    const connection = connectionRecord();
    await first.createConnection(connection, null);
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    const [left, right] = await Promise.all([
      Promise.all(keys.map((key) => first.acceptEvent(...acceptArgs(connection.id, { key })))),
      Promise.all(
        [...keys].reverse().map((key) => second.acceptEvent(...acceptArgs(connection.id, { key }))),
      ),
    ]);
    const winners = new Map<string, number>();
    [...left, ...right].forEach((result) => {
      if (result.status === 'accepted') winners.set(result.eventId, (winners.get(result.eventId) ?? 0) + 1);
    });
    assert.equal(winners.size, keys.length);
    for (const [index, key] of keys.entries()) {
      const fromLeft = left[index];
      const fromRight = right[keys.length - 1 - index];
      assert.equal(fromLeft?.eventId, fromRight?.eventId, key);
      assert.equal(await first.findIdempotencyKey(connection.id, key), fromLeft?.eventId);
    }
  });

  test('a key claimed by a transaction still open when the batch runs: its commit makes a duplicate, its rollback an acceptance', async (t) => {
    const [store, options] = await freshWithOptions(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    for (const outcome of ['commit', 'rollback'] as const) {
      const key = `in-flight-${outcome}`;
      const other = `evt_other_${outcome}`;
      await inSchema(options, async (client) => {
        await client.query('begin');
        await client.query(
          'insert into idempotency_keys (connection_id, key, event_id, created_at) values ($1, $2, $3, $4)',
          [connection.id, key, other, T0],
        );
        const [event, history] = acceptArgs(connection.id, { key, at: T0 + 1 });
        const accepting = store.acceptEvent(event, history);
        // The batch's claim waits on the open transaction's key; end it once the claim is waiting.
        const waiting = await pollUntil(
          async () =>
            (
              await client.query(`select count(*)::int as n from pg_locks where not granted
                and locktype = 'transactionid' and transactionid = pg_current_xact_id()::text::xid`)
            ).rows[0].n as number,
          (n) => n > 0,
        );
        assert.equal(waiting, 1, 'the batch waits on the open transaction');
        await client.query(outcome);
        const result = await accepting;
        const row = await store.getHistory(history.id);
        const stored = await client.query('select body_preview from history where id = $1', [history.id]);
        // An accepted row reads its preview from its event (stores none); a DUPLICATE row stores its own.
        assert.equal(stored.rows[0]?.body_preview, outcome === 'commit' ? history.bodyPreview : '');
        assert.equal(row?.bodyPreview, history.bodyPreview);
        if (outcome === 'commit') {
          assert.deepEqual(result, { status: 'duplicate', eventId: other, historyId: history.id });
          assert.equal(await store.getEvent(event.id), null);
          assert.deepEqual(
            [row?.outcome, row?.eventId, row?.duplicateOf, row?.message],
            ['DUPLICATE', null, other, `Duplicate of ${other}`],
          );
        } else {
          assert.deepEqual(result, { status: 'accepted', eventId: event.id, historyId: history.id });
          assert.notEqual(await store.getEvent(event.id), null);
          assert.deepEqual([row?.outcome, row?.eventId, row?.duplicateOf], ['ACCEPTED', event.id, null]);
          assert.equal(await store.findIdempotencyKey(connection.id, key), event.id);
        }
      });
    }
  });

  test('two processes migrating a new schema at the same time both succeed', async () => {
    const options = await factory.freshOptions();
    const stores = [createStore(options), createStore(options), createStore(options)];
    try {
      await Promise.all(stores.map((store) => store.migrate()));
      await stores[0]?.settings.setSetting('migrated', 'yes');
      assert.equal(await stores[2]?.settings.getSetting('migrated'), 'yes');
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  test('bigint columns read as numbers without changing pg global type parsers', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord({ createdAt: 8_640_000_000_000, updatedAt: T0 });
    await store.createConnection(connection, null);
    assert.equal((await store.getConnection(connection.id))?.createdAt, 8_640_000_000_000);
    assert.equal(pg.types.getTypeParser(20)('42'), '42');
  });

  test('the indexer moves committed history rows into the search index; searches stay right once indexed', async (t) => {
    const [store, options] = await freshWithOptions(t);
    await searchScenario(store, () => indexed(options));
    assert.ok((await searchState(options)).indexed > 0);
  });

  test('searches with many index hits (the newest-first walk) find the same rows, pending or indexed', async (t) => {
    const [store, options] = await freshWithOptions(t);
    const db = schemaDb(options);
    t.after(() => db.destroy());
    const walking = walkingSearches(store, db);
    await searchScenario(walking, () => indexed(options));
  });

  test('an accepted row stores no copy of a UTF-8 body; its preview and search words come from the event, pending or indexed', async (t) => {
    const [store, options] = await freshWithOptions(t);
    const db = schemaDb(options);
    t.after(() => db.destroy());
    const walking = walkingSearches(store, db);
    for (const shape of [store, walking]) {
      const derived = await bodyPreviewScenario(shape, () => indexed(options));
      const blank = await db
        .selectFrom('history')
        .select('id')
        .where('body_preview', '=', '')
        .where('event_id', 'is not', null)
        .where('id', 'in', derived)
        .execute();
      assert.equal(blank.length, derived.length, 'the rows of UTF-8 bodies store an empty preview');
    }
    const kept = await db
      .selectFrom('history')
      .select('id')
      .where('body_preview', '=', '')
      .where('body_size', '>', 0)
      .where((eb) => eb.or([eb('event_id', 'is', null), eb('outcome', '!=', 'ACCEPTED')]))
      .execute();
    assert.deepEqual(kept, [], 'rows without an event of their own keep their preview');
  });

  test('a row whose message changes is indexed again: search finds the new words, never the old', async (t) => {
    const [store, options] = await freshWithOptions(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const row = historyRecord(connection.id, { message: 'alpha arrived' });
    await store.recordHistory(row);
    await indexed(options);
    await inSchema(options, (client) =>
      client.query(`update history set message = 'bravo processed' where id = $1`, [row.id]),
    );
    assert.equal((await searchState(options)).pending, 1, 'the update queued the row again');
    const ids = async (q: string) => (await store.listHistory({ limit: 10, q })).items.map((item) => item.id);
    // Before the indexer runs again (the stale entry is ignored) and after.
    assert.deepEqual([await ids('bravo'), await ids('alpha'), await ids('arrived')], [[row.id], [], []]);
    await store.recordHistory(historyRecord(connection.id, { message: 'another' }));
    await indexed(options);
    assert.deepEqual([await ids('bravo'), await ids('alpha'), await ids('arrived')], [[row.id], [], []]);
  });

  test('migration 0012 indexes the history rows written before it', async (t) => {
    const options = await factory.freshOptions();
    const db = await pgSchemaMigratedTo(options, '0011-event-stream-append');
    await db.destroy();
    const store = createStore(options);
    t.after(() => store.close());
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const row = historyRecord(connection.id, { message: 'written before' });
    await store.recordHistory(row);
    await store.migrate();
    assert.deepEqual(await searchState(options), { rows: 1, indexed: 1, pending: 0 });
    assert.deepEqual(
      (await store.listHistory({ limit: 10, q: 'before' })).items.map((item) => item.id),
      [row.id],
    );
  });

  test('a schema name that would need quoting is refused', () => {
    assert.throws(() => createStore({ databaseUrl: TEST_DATABASE_URL, dataDir: '.', schema: 'x; drop' }));
  });
});

test('an unreachable PostgreSQL makes ping and queued writes reject (no hang, no item retries)', async () => {
  const store = createStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '.' });
  try {
    await assert.rejects(store.ping());
    const writes = Array.from({ length: 20 }, () => store.acceptEvent(...acceptArgs('con_any')));
    const settled = await Promise.allSettled(writes);
    assert.ok(settled.every((result) => result.status === 'rejected'));
  } finally {
    await store.close();
  }
});
