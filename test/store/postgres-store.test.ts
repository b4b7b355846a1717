import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createStore } from '../../src/store/create-store.ts';
import type { AcceptResult } from '../../src/store/types.ts';
import { acceptArgs, connectionRecord, T0 } from './fixtures.ts';
import { pgTestStoreFactory, TEST_DATABASE_URL } from './pg-test-helper.ts';
import { runStoreContract } from './store-contract.ts';

const factory = await pgTestStoreFactory();
runStoreContract(factory);

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
