import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import type { ClusterBus } from '../../src/cluster/cluster-bus.ts';
import { createClusterHistoryBus } from '../../src/cluster/cluster-history-bus.ts';
import {
  channelName,
  createPgClusterBus,
  envelopes,
  LISTENER_APPLICATION_NAME,
  parseEnvelope,
} from '../../src/cluster/pg-cluster-bus.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { ForwardChange } from '../../src/store/forward/forward-types.ts';
import type { HistoryRecord } from '../../src/store/types.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { acceptArgs, connectionRecord, historyRecord } from '../store/fixtures.ts';
import { pgTestStoreFactory, TEST_DATABASE_URL } from '../store/pg-test-helper.ts';

const factory = await pgTestStoreFactory();
after(() => factory.dispose());
const logLines: string[] = [];
const logger = createLogger(
  'info',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

test('signals are packed into NOTIFY payloads below 8000 bytes, each repeated signal once', () => {
  const ids = Array.from(
    { length: 1000 },
    (_, i) => ['history', `hst_${String(i).padStart(26, '0')}`] as const,
  );
  const payloads = envelopes('me', [...ids, ['delivery', ''], ['delivery', '']]);
  assert.ok(payloads.length > 1);
  for (const payload of payloads) assert.ok(Buffer.byteLength(payload) < 8000);
  const signals = payloads.flatMap((payload) => parseEnvelope(payload)?.signals ?? []);
  assert.equal(signals.length, 1001);
  assert.deepEqual(parseEnvelope('{"from":"x","signals":[["nope","1"],["history",2]]}')?.signals, []);
  assert.equal(parseEnvelope('not json'), null);
});

describe('the PostgreSQL cluster bus', { skip: factory.skip ?? false }, () => {
  /** Two buses on one schema, like two instances. */
  async function pair(t: {
    after(fn: () => Promise<void>): void;
  }): Promise<[ClusterBus, ClusterBus, string]> {
    const { schema } = await factory.freshOptions();
    const options = { databaseUrl: TEST_DATABASE_URL, schema, logger };
    const buses = await Promise.all([createPgClusterBus(options), createPgClusterBus(options)]);
    for (const bus of buses) t.after(() => bus.close());
    await pollUntil(
      () => buses.every((bus) => bus.connected),
      (ok) => ok,
    );
    return [...buses, schema ?? ''];
  }

  test('a signal reaches every instance, marked as its own on the sender', async (t) => {
    const [a, b] = await pair(t);
    const heard: string[] = [];
    a.subscribe('connection', (id, own) => heard.push(`a:${id}:${own}`));
    b.subscribe('connection', (id, own) => heard.push(`b:${id}:${own}`));
    b.subscribe('history', (id) => heard.push(`b-history:${id}`));
    a.publish('connection', 'con_1');
    const seen = await pollUntil(
      () => [...heard].sort(),
      (list) => list.length >= 2,
    );
    assert.deepEqual(seen, ['a:con_1:true', 'b:con_1:false']);
  });

  test('a lost listening connection is reconnected, announced as a resync, and signals flow again', async (t) => {
    const [a, b, schema] = await pair(t);
    let resyncs = 0;
    b.onResync(() => {
      resyncs += 1;
    });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    t.after(() => admin.end());
    const killed = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = $1 and query = $2`,
      [LISTENER_APPLICATION_NAME, `LISTEN ${channelName(schema)}`],
    );
    assert.equal(killed.rowCount, 2, 'both listening connections were cut');
    await pollUntil(
      () => resyncs,
      (n) => n > 0,
    );
    assert.equal(resyncs, 1);
    assert.ok(logLines.some((line) => line.includes('cluster channel lost')));
    const heard: string[] = [];
    b.subscribe('connection', (id) => heard.push(id));
    await pollUntil(
      () => a.connected && b.connected,
      (ok) => ok,
    );
    a.publish('connection', 'con_2');
    assert.deepEqual(
      await pollUntil(
        () => heard,
        (list) => list.length > 0,
      ),
      ['con_2'],
    );
  });
});

describe('the cluster live tail', { skip: factory.skip ?? false }, () => {
  test('rows of other instances are read by id; while the channel is down the newest rows are polled', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    let connected = true;
    const listeners: ((payload: string, own: boolean) => void)[] = [];
    const fakeBus: ClusterBus = {
      get connected() {
        return connected;
      },
      publish: () => {},
      subscribe: (_topic, listener) => {
        listeners.push(listener);
        return () => {};
      },
      onResync: () => () => {},
      close: async () => {},
    };
    const tail = createClusterHistoryBus({ bus: fakeBus, store });
    t.after(() => tail.close());
    const shown: HistoryRecord[] = [];
    tail.subscribe((row) => shown.push(row));

    const fromOther = historyRecord(connection.id, { id: 'hst_other' });
    await store.recordHistory(fromOther);
    for (const listener of listeners) listener('hst_other', false);
    await pollUntil(
      () => shown.length,
      (n) => n > 0,
    );
    assert.deepEqual(
      shown.map((row) => row.id),
      ['hst_other'],
    );

    connected = false;
    await store.recordHistory(
      historyRecord(connection.id, { id: 'hst_missed', receivedAt: fromOther.receivedAt + 1 }),
    );
    const polled = await pollUntil(
      () => shown.map((row) => row.id),
      (ids) => ids.includes('hst_missed'),
      { attempts: 300, intervalMs: 10 },
    );
    assert.deepEqual(
      polled,
      ['hst_other', 'hst_missed'],
      'the missed row is shown once, the old one not again',
    );
  });
});

describe('the cluster live tail of forward states', { skip: factory.skip ?? false }, () => {
  test("another instance's forward change is read by event id and shown with its current state", async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const [event, history] = acceptArgs(connection.id);
    await store.acceptEvent(event, history, { headers: {} });
    const listeners = new Map<string, (payload: string, own: boolean) => void>();
    const published: string[] = [];
    const fakeBus: ClusterBus = {
      connected: true,
      publish: (topic, payload) => published.push(`${topic}:${payload}`),
      subscribe: (topic, listener) => {
        listeners.set(topic, listener);
        return () => {};
      },
      onResync: () => () => {},
      close: async () => {},
    };
    const tail = createClusterHistoryBus({ bus: fakeBus, store });
    t.after(() => tail.close());
    const shown: ForwardChange[] = [];
    tail.subscribeForward((change) => shown.push(change));

    const own: ForwardChange = {
      eventId: event.id,
      connectionId: connection.id,
      forward: { status: 'pending', attempts: 0, lastStatusCode: null },
    };
    tail.publishForward(own);
    assert.deepEqual(published, [`forward:${event.id} ${connection.id}`], 'told to the others as ids');
    listeners.get('forward')?.(`${event.id} ${connection.id}`, true);
    listeners.get('forward')?.(`${event.id} ${connection.id}`, false);
    const received = await pollUntil(
      () => shown.length,
      (n) => n >= 2,
    );
    assert.equal(received, 2, "its own change, then the other instance's one read from the store");
    assert.deepEqual(shown, [own, own], 'the state read from the store is the stored one');
  });
});
