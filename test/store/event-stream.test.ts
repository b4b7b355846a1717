import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import type {
  EventStreamFilter,
  EventStreamPosition,
} from '../../src/store/event-stream/event-stream-types.ts';
import { createStore } from '../../src/store/index.ts';
import { commitPgBatch } from '../../src/store/pg-batch-commit.ts';
import type { Store } from '../../src/store/types.ts';
import type { WriteItem } from '../../src/store/write-batch.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { acceptArgs, connectionRecord, T0 } from './fixtures.ts';
import { pgTestStoreFactory } from './pg-test-helper.ts';

/** Accepts one event per `at` on `connectionId`, one after the other; returns their ids in order. */
async function acceptInOrder(
  store: Store,
  connectionId: string,
  times: readonly number[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const at of times) {
    const [event, history] = acceptArgs(connectionId, { at });
    await store.acceptEvent(event, history);
    ids.push(event.id);
  }
  return ids;
}

/** Reads everything after `from` in batches of `batch`; returns the ids and the final position. */
async function readOnce(
  store: Store,
  from: EventStreamPosition,
  filter: EventStreamFilter,
  batch: number,
): Promise<{ ids: string[]; next: EventStreamPosition }> {
  const ids: string[] = [];
  let position = from;
  for (;;) {
    const read = await store.eventStream.read(position, filter, batch);
    ids.push(...read.events.map((event) => event.id));
    position = read.next;
    if (read.events.length < batch) return { ids, next: position };
  }
}

/**
 * `readOnce` until at least `expected` events were read. On PostgreSQL an event is handed out once every
 * older transaction on the server has ended: other tests' transactions may delay it a moment.
 */
function readAll(
  store: Store,
  from: EventStreamPosition,
  expected: number,
  filter: EventStreamFilter = {},
  batch = 2,
): Promise<{ ids: string[]; next: EventStreamPosition }> {
  return pollUntil(
    () => readOnce(store, from, filter, batch),
    (read) => read.ids.length >= expected,
  );
}

await forEachStore('event stream', (fresh) => {
  test('streams stored events in commit order, per connection, from a position or a time', async (t) => {
    const store = await fresh(t);
    const a = connectionRecord();
    const b = connectionRecord();
    await store.createConnection(a, null);
    await store.createConnection(b, null);
    const start = await store.eventStream.headPosition();
    // Receipt times out of commit order: the stream follows commits, not the sender's clock.
    const first = await acceptInOrder(store, a.id, [T0 + 30, T0 + 10]);
    const other = await acceptInOrder(store, b.id, [T0 + 20]);
    const last = await acceptInOrder(store, a.id, [T0 + 40]);

    const all = await readAll(store, start, 4);
    assert.deepEqual(all.ids, [...first, ...other, ...last]);
    const onlyA = await readAll(store, start, 3, { connectionIds: [a.id] });
    assert.deepEqual(onlyA.ids, [...first, ...last]);
    const both = await readAll(store, start, 4, { connectionIds: [a.id, b.id] });
    assert.deepEqual(both.ids, all.ids);

    const afterFirst = await store.eventStream.positionAfter(first[0] ?? '');
    assert.ok(afterFirst);
    assert.deepEqual((await readAll(store, afterFirst, 3)).ids, [first[1], ...other, ...last]);

    const since = await store.eventStream.positionSince(T0 + 20);
    assert.deepEqual((await readAll(store, since, 3, { since: T0 + 20 })).ids, [first[0], ...other, ...last]);

    const head = await store.eventStream.headPosition();
    assert.deepEqual((await readOnce(store, head, {}, 2)).ids, [], 'the head is after every stored event');
    const later = await acceptInOrder(store, b.id, [T0]);
    assert.deepEqual((await readAll(store, head, 1)).ids, later);
    assert.deepEqual((await readAll(store, all.next, 1)).ids, later, 'a read position moves on');
  });

  test('a position after an unknown or purged event is null; purging removes events from the stream', async (t) => {
    const store = await fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const start = await store.eventStream.headPosition();
    const [old, recent] = await acceptInOrder(store, connection.id, [T0, T0 + 1000]);
    assert.equal(await store.eventStream.positionAfter('evt_unknown'), null);
    assert.ok(await store.eventStream.positionAfter(old ?? ''));
    await store.purge(T0 + 1, 0);
    assert.equal(await store.eventStream.positionAfter(old ?? ''), null);
    assert.deepEqual((await readAll(store, start, 1)).ids, [recent]);
  });

  test('a time after every event gives a position at the end; one before all, at the start', async (t) => {
    const store = await fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const ids = await acceptInOrder(store, connection.id, [T0, T0 + 1]);
    const future = await store.eventStream.positionSince(T0 + 60_000);
    assert.deepEqual((await readOnce(store, future, {}, 2)).ids, []);
    const more = await acceptInOrder(store, connection.id, [T0 + 120_000]);
    assert.deepEqual((await readAll(store, future, 1, { since: T0 + 60_000 })).ids, more);
    const past = await store.eventStream.positionSince(0);
    assert.deepEqual((await readAll(store, past, 3)).ids, [...ids, ...more]);
  });
});

const pgFactory = await pgTestStoreFactory();

describe('event stream on PostgreSQL: commit order across transactions', {
  skip: pgFactory.skip ?? false,
}, () => {
  /** A store and a raw client (own transactions) on one fresh schema. */
  async function setup(t: { after(fn: () => Promise<void>): void }) {
    const options = await pgFactory.freshOptions();
    const store = createStore(options);
    await store.migrate();
    const client = new pg.Client({
      connectionString: options.databaseUrl,
      options: `-c search_path=${options.schema}`,
    });
    await client.connect();
    t.after(async () => {
      await client.end();
      await store.close();
    });
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    return { store, options, client, connection };
  }

  test('an event whose transaction commits later with an older id is not skipped', async (t) => {
    const { store, client, connection } = await setup(t);
    const start = await store.eventStream.headPosition();
    await client.query('begin');
    await client.query(
      `insert into events (id, connection_id, received_at, content_type, headers, body, idempotency_key)
       values ('evt_slow', $1, $2, null, '{}', '\\x7b7d', null)`,
      [connection.id, T0],
    );
    const [fast] = await acceptInOrder(store, connection.id, [T0 + 1]);
    const early = await readOnce(store, start, {}, 2);
    assert.deepEqual(early.ids, [], 'nothing is handed out while an older transaction may still commit');
    await client.query('commit');
    const settled = await readAll(store, early.next, 2);
    assert.deepEqual(settled.ids, ['evt_slow', fast]);
  });

  test('"from now" excludes events committed before it, even behind a transaction still open', async (t) => {
    const { store, client, connection } = await setup(t);
    await client.query('begin');
    await client.query(
      `insert into events (id, connection_id, received_at, content_type, headers, body, idempotency_key)
       values ('evt_open', $1, $2, null, '{}', '\\x7b7d', null)`,
      [connection.id, T0],
    );
    const [before] = await acceptInOrder(store, connection.id, [T0]);
    const head = await store.eventStream.headPosition();
    const [after] = await acceptInOrder(store, connection.id, [T0]);
    await client.query('commit');
    const ids = (await readAll(store, head, 2)).ids;
    assert.ok(before !== undefined && !ids.includes(before), 'committed before the stream started');
    assert.deepEqual(ids, ['evt_open', after]);
  });

  test('the events of one group commit stream in receipt order, whatever order the batch lists them in', async (t) => {
    const { store, options, connection } = await setup(t);
    const start = await store.eventStream.headPosition();
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      options: `-c search_path=${options.schema}`,
    });
    t.after(() => pool.end());
    // Claim order (items without a key first, then by key) is the reverse of receipt order here.
    const items = (
      [
        [T0 + 10, 'k2'],
        [T0 + 30, null],
        [T0 + 20, 'k1'],
      ] as const
    ).map(([at, key]): WriteItem => {
      const [event, history] = acceptArgs(connection.id, { at, key });
      return { kind: 'accept', event, history };
    });
    await commitPgBatch(pool, items);
    const ids = items.map((item) => (item.kind === 'accept' ? item.event.id : ''));
    assert.deepEqual((await readAll(store, start, 3)).ids, [ids[0], ids[2], ids[1]]);
  });

  test('concurrent writers on two pools: a reader following the stream sees every event exactly once', async (t) => {
    const first = await pgFactory.fresh(t);
    const second = await pgFactory.openAgain(first);
    t.after(() => second.close());
    const connection = connectionRecord();
    await first.createConnection(connection, null);
    let position = await first.eventStream.headPosition();
    const seen: string[] = [];
    const readMore = async (): Promise<number> => {
      const read = await second.eventStream.read(position, {}, 50);
      seen.push(...read.events.map((event) => event.id));
      position = read.next;
      return seen.length;
    };
    let writing = true;
    const reader = (async () => {
      while (writing) await readMore();
    })();
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        const ids: string[] = [];
        for (let i = 0; i < 40; i += 1) {
          const [event, history] = acceptArgs(connection.id, { at: T0 + i });
          await (w % 2 === 0 ? first : second).acceptEvent(event, history);
          ids.push(event.id);
        }
        return ids;
      })(),
    );
    const written = (await Promise.all(writers)).flat();
    writing = false;
    await reader;
    await pollUntil(readMore, (count) => count >= written.length);
    assert.equal(seen.length, written.length, 'no event skipped, none twice');
    assert.deepEqual(new Set(seen), new Set(written));
  });
});
