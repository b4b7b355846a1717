import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { createStore, type StoreOptions } from '../../src/store/create-store.ts';
import type { Database, StoreDialect } from '../../src/store/database-schema.ts';
import type { EventStreamPosition } from '../../src/store/event-stream/event-stream-types.ts';
import { newForwardJobRow } from '../../src/store/forward/forward-rows.ts';
import { createMigrationProvider } from '../../src/store/migrations/run-migrations.ts';
import { openSqliteHandle } from '../../src/store/sqlite-writer/open-sqlite.ts';
import type { Store } from '../../src/store/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { insertFirstSchemaConnection } from '../helpers/schema-rows.ts';
import { acceptArgs, newId, T0 } from './fixtures.ts';
import { inSchema, pgSchemaMigratedTo } from './pg-test-helper.ts';
import { inspectSqliteFile } from './sqlite-test-helper.ts';

/** The last migration before the stream position moved into `events`. */
const BEFORE = '0013-sqlite-search-requeue';

/** A Kysely instance on the database of `options`, migrated up to `BEFORE` only; destroy it after use. */
async function openBefore(options: StoreOptions, dialect: StoreDialect): Promise<Kysely<Database>> {
  if (dialect === 'postgres') return pgSchemaMigratedTo(options, BEFORE);
  const { db } = openSqliteHandle(options.dataDir);
  const migrator = new Migrator({ db, provider: createMigrationProvider(dialect) });
  const { error } = await migrator.migrateTo(BEFORE);
  assert.equal(error, undefined);
  return db;
}

/** Rows of a query run behind the store's back (a read-only handle on SQLite, a client on PostgreSQL). */
async function inspect(options: StoreOptions, dialect: StoreDialect, text: string): Promise<unknown[]> {
  if (dialect === 'sqlite') {
    return inspectSqliteFile(options.dataDir, (database) =>
      database
        .prepare(text)
        .all()
        .map((row) => ({ ...row })),
    );
  }
  return inSchema(options, async (client) => (await client.query(text)).rows);
}

/**
 * Everything after `from`; on PostgreSQL an event is handed out once every older transaction on the server
 * has ended, so other tests' transactions may delay it a moment.
 */
function readAll(store: Store, from: EventStreamPosition, expected: number, connectionIds?: string[]) {
  return pollUntil(
    async () => {
      const ids: string[] = [];
      let position = from;
      for (;;) {
        const read = await store.eventStream.read(position, { connectionIds }, 2);
        ids.push(...read.events.map((event) => event.id));
        position = read.next;
        if (read.events.length < 2) return ids;
      }
    },
    (ids) => ids.length >= expected,
  );
}

await forEachStore('migration 0014: the event stream position in events', (_fresh, factory) => {
  const dialect: StoreDialect = factory.label === 'postgres' ? 'postgres' : 'sqlite';

  test('stream order, cursors, sequence numbers, cascades and foreign keys survive the migration', async (t) => {
    const options = await factory.freshOptions();
    const db = await openBefore(options, dialect);
    const [a, b] = [newId('con'), newId('con')];
    // Stream order differs from receipt order and from id order. Two events are deleted before the
    // migration: one in the middle (the numbers after it keep their gap) and the last one (its number must
    // not be handed out again).
    const events = [
      { id: 'evt_c', connection: b, at: T0 + 20 },
      { id: 'evt_y', connection: a, at: T0 + 25 },
      { id: 'evt_a', connection: a, at: T0 + 30 },
      { id: 'evt_d', connection: a, at: T0 + 40 },
      { id: 'evt_b', connection: a, at: T0 + 10 },
      { id: 'evt_e', connection: b, at: T0 + 50 },
      { id: 'evt_z', connection: b, at: T0 + 5 },
    ];
    const streamOrder = ['evt_c', 'evt_a', 'evt_d', 'evt_b', 'evt_e'];
    let oldStream: { event_id: string; seq: string; tx: string }[];
    try {
      for (const id of [a, b]) await insertFirstSchemaConnection(db, id, T0);
      const insertEvent = async (event: (typeof events)[number]) =>
        db
          .insertInto('events')
          .values({
            id: event.id,
            connection_id: event.connection,
            received_at: event.at,
            content_type: 'application/json',
            headers: '{}',
            body: new TextEncoder().encode(`{"id":"${event.id}"}`),
            idempotency_key: null,
          })
          .execute();
      if (dialect === 'postgres') {
        // The statement trigger appends each event to `event_stream`: insert them in stream order.
        for (const event of events) await insertEvent(event);
      } else {
        // The writers appended the stream rows themselves: events in another order than their stream rows.
        for (const event of [...events].sort((x, y) => x.id.localeCompare(y.id))) await insertEvent(event);
        for (const event of events) {
          await sql`insert into event_stream (event_id, connection_id, received_at)
            values (${event.id}, ${event.connection}, ${event.at})`.execute(db);
        }
      }
      await db.deleteFrom('events').where('id', 'in', ['evt_y', 'evt_z']).execute();
      await db
        .insertInto('forward_jobs')
        .values(newForwardJobRow('evt_a', a, {}, T0))
        .execute();
      await db
        .insertInto('processing_flows')
        .values({
          id: 'flw_1',
          name: 'flow',
          enabled: true,
          connection_id: a,
          filter: null,
          transform: null,
          actions: '[]',
          created_at: T0,
          updated_at: T0,
        })
        .execute();
      await db
        .insertInto('processing_runs')
        .values({
          id: 'run_1',
          flow_id: 'flw_1',
          event_id: 'evt_a',
          connection_id: a,
          status: 'ok',
          input: '{}',
          output: null,
          error: null,
          actions: '[]',
          started_at: T0,
          finished_at: T0,
        })
        .execute();
      await db
        .insertInto('processing_jobs')
        .values({
          event_id: 'evt_c',
          history_id: 'hst_1',
          connection_id: b,
          state: 'done',
          attempts: 1,
          lease_until: T0,
          finished_at: T0,
          lease_token: null,
        })
        .execute();
      const { rows } = await sql<{ event_id: string; seq: string; tx: string }>`
        select event_id, cast(seq as text) as seq, cast(tx_id as text) as tx from event_stream`.execute(db);
      oldStream = rows;
    } finally {
      await db.destroy();
    }
    const deletedSeq = BigInt(
      (
        await inspect(
          options,
          dialect,
          dialect === 'sqlite'
            ? `select seq from sqlite_sequence where name = 'event_stream'`
            : `select last_value as seq from event_stream_seq_seq`,
        )
      ).map((row) => String((row as { seq: unknown }).seq))[0] ?? '0',
    );
    assert.equal(oldStream.length, streamOrder.length);

    const store = createStore(options);
    t.after(() => store.close());
    await store.migrate();

    const tables = await inspect(
      options,
      dialect,
      dialect === 'sqlite'
        ? `select name from sqlite_master where name = 'event_stream'`
        : `select to_regclass('event_stream') as name where to_regclass('event_stream') is not null`,
    );
    assert.deepEqual(tables, [], 'event_stream is gone');
    const positions = (await inspect(
      options,
      dialect,
      'select id, cast(seq as text) as seq, cast(tx_id as text) as tx from events',
    )) as { id: string; seq: string; tx: string }[];
    assert.deepEqual(
      new Map(positions.map((row) => [row.id, [row.seq, row.tx]])),
      new Map(oldStream.map((row) => [row.event_id, [row.seq, row.tx]])),
      'every event keeps its stream position',
    );
    if (dialect === 'sqlite') {
      assert.deepEqual(await inspect(options, dialect, 'pragma foreign_key_check'), []);
    }

    const start = await store.eventStream.positionSince(0);
    assert.deepEqual(await readAll(store, start, 5), streamOrder);
    assert.deepEqual(await readAll(store, start, 3, [a]), ['evt_a', 'evt_d', 'evt_b']);
    const afterA = await store.eventStream.positionAfter('evt_a');
    assert.ok(afterA, 'a cursor on an event stored before the migration still resolves');
    assert.deepEqual(await readAll(store, afterA, 3), ['evt_d', 'evt_b', 'evt_e']);

    const [fresh, history] = acceptArgs(b, { at: T0 + 60 });
    await store.acceptEvent(fresh, history);
    assert.deepEqual(await readAll(store, afterA, 4), ['evt_d', 'evt_b', 'evt_e', fresh.id]);
    const [freshRow] = (await inspect(
      options,
      dialect,
      `select cast(seq as text) as seq from events where id = '${fresh.id}'`,
    )) as { seq: string }[];
    assert.ok(
      BigInt(freshRow?.seq ?? '0') > deletedSeq,
      `a new event's number (${freshRow?.seq}) is above every number handed out before (${deletedSeq})`,
    );

    const counts = async () =>
      (
        await inspect(
          options,
          dialect,
          `select (select count(*) from events) as events, (select count(*) from forward_jobs) as forwards,
            (select count(*) from processing_runs) as runs, (select count(*) from processing_jobs) as jobs`,
        )
      ).map((row) => Object.values(row as object).map(Number))[0];
    assert.deepEqual(await counts(), [6, 1, 1, 1]);
    assert.equal(await store.deleteConnection(a), true);
    assert.deepEqual(await counts(), [3, 0, 0, 1], "a deleted connection's events and their jobs go");
    assert.equal((await store.purge(T0 + 25, 0)).events, 1);
    assert.deepEqual(await counts(), [2, 0, 0, 0], 'retention deletes events and their jobs');
    assert.deepEqual(await readAll(store, start, 2), ['evt_e', fresh.id]);
  });
});
