import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { createStore } from '../../src/store/create-store.ts';
import { openSqliteDatabase } from '../../src/store/sqlite-writer/open-sqlite.ts';
import { createPreparedBatchWriter, ROWS_PER_INSERT } from '../../src/store/sqlite-writer/prepared-batch.ts';
import { toBatchItem, type WriteItem } from '../../src/store/write-batch.ts';
import { acceptArgs, connectionRecord, historyRecord, T0 } from './fixtures.ts';

// The SQLite writer inserts a batch's rows ROWS_PER_INSERT to a statement, binding the mapped values as
// they are: these tests check that rows land in item order (an event's `seq` is its place in the event
// stream) across statement boundaries, with every value intact.

const root = mkdtempSync(join(tmpdir(), 'hookgate-prepared-batch-'));
const connection = connectionRecord();
let database: DatabaseSync;

before(async () => {
  const store = createStore({ dataDir: root });
  await store.migrate();
  await store.createConnection(connection, null);
  await store.close();
  database = openSqliteDatabase(root);
});

after(() => {
  database.close();
  rmSync(root, { recursive: true, force: true });
});

/** Accepted event `i`: its body (`size` bytes, each of value `i`) says which item it was. */
function accept(
  i: number,
  options: { key?: string; forward?: boolean; size?: number | undefined } = {},
): WriteItem {
  const body = new Uint8Array(options.size ?? 3 + i).fill(i % 256);
  const [event, history] = acceptArgs(connection.id, { at: T0 + i, body, key: options.key ?? null });
  const message = i % 4 === 0 ? 'a\u0000nul' : null;
  return {
    kind: 'accept',
    event: { ...event, contentType: i % 3 === 0 ? null : 'text/plain' },
    history: { ...history, message, bodyPreview: `preview ${i}` },
    ...(options.forward === true && { forward: { headers: { 'x-item': String(i) } } }),
  };
}

test(`a batch larger than ${ROWS_PER_INSERT} rows is inserted in item order, every value intact`, async () => {
  const commit = createPreparedBatchWriter(database);
  const size = ROWS_PER_INSERT * 2 + 5;
  const items: WriteItem[] = Array.from({ length: size }, (_, i) =>
    i % 7 === 3
      ? {
          kind: 'history',
          history: historyRecord(connection.id, { receivedAt: T0 + i, outcome: 'UNAUTHORIZED' }),
        }
      : accept(i, { forward: i % 2 === 0, size: i === 5 ? 0 : undefined }),
  );
  const results = await commit(items.map(toBatchItem));
  // Statement journals of multi-row INSERTs stay in memory (no temporary file per commit).
  assert.deepEqual({ ...database.prepare('pragma temp_store').get() }, { temp_store: 2 });

  const accepted = items.flatMap((item) => (item.kind === 'accept' ? [item] : []));
  assert.deepEqual(
    results.map((result) => result.status),
    items.map((item) => (item.kind === 'accept' ? 'accepted' : 'recorded')),
  );
  const events = database
    .prepare('select id, received_at, content_type, headers, body, idempotency_key from events order by seq')
    .all();
  assert.deepEqual(
    events.map((row) => ({ ...row, body: Buffer.from(row.body as Uint8Array).toString('hex') })),
    accepted.map(({ event }) => ({
      id: event.id,
      received_at: event.receivedAt,
      content_type: event.contentType,
      headers: JSON.stringify(event.headers),
      body: Buffer.from(event.body).toString('hex'),
      idempotency_key: null,
    })),
  );
  const history = database.prepare('select id, outcome, message, event_id from history order by rowid').all();
  assert.deepEqual(
    history.map((row) => ({ ...row })),
    items.map((item) => ({
      id: item.history.id,
      outcome: item.history.outcome,
      message: item.history.message === null ? null : 'a\ufffdnul',
      event_id: item.kind === 'accept' ? item.event.id : null,
    })),
  );
  const forwards = database.prepare('select event_id, headers from forward_jobs order by rowid').all();
  assert.deepEqual(
    forwards.map((row) => ({ ...row })),
    accepted.flatMap((item) =>
      item.forward === undefined
        ? []
        : [{ event_id: item.event.id, headers: JSON.stringify(item.forward.headers) }],
    ),
  );
});

test('idempotency keys across statement boundaries: the first holder wins, later items are duplicates', async () => {
  const commit = createPreparedBatchWriter(database);
  const items = Array.from({ length: ROWS_PER_INSERT + 3 }, (_, i) => accept(100 + i, { key: `k${i % 5}` }));
  const results = await commit(items.map(toBatchItem));
  const firstOf = new Map<string, string>();
  const expected = items.map((item) => {
    const key = item.kind === 'accept' ? String(item.event.idempotencyKey) : '';
    const first = firstOf.get(key);
    if (item.kind !== 'accept') throw new Error('accept items only');
    if (first === undefined) {
      firstOf.set(key, item.event.id);
      return { status: 'accepted', eventId: item.event.id };
    }
    return { status: 'duplicate', eventId: first };
  });
  assert.deepEqual(
    results.map((result) => ({
      status: result.status,
      eventId: 'eventId' in result ? result.eventId : null,
    })),
    expected,
  );
  const stored = database
    .prepare('select count(*) as n from events where idempotency_key is not null')
    .get() as { n: number };
  assert.equal(stored.n, 5);
});
