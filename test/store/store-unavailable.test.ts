import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, type TestContext, test } from 'node:test';
import pg from 'pg';
import { createStore } from '../../src/store/create-store.ts';
import { SQLITE_FILE_NAME } from '../../src/store/sqlite-writer/open-sqlite.ts';
import { isStoreUnavailable, StoreCursorError } from '../../src/store/store-errors.ts';
import { createStoreHealth } from '../../src/store/store-health.ts';
import type { Store } from '../../src/store/types.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { testGateway } from '../helpers/test-gateway.ts';
import { acceptArgs, connectionRecord } from './fixtures.ts';
import { pgTestStoreFactory, TEST_DATABASE_URL } from './pg-test-helper.ts';
import { sqliteTestStoreFactory } from './sqlite-test-helper.ts';

/** An error shaped as `pg` (SQLSTATE in `code`) or `node:sqlite` (`errcode`) report them. */
function driverError(fields: { code?: string; errcode?: number }, message = 'driver error'): Error {
  return Object.assign(new Error(message), fields);
}

describe('isStoreUnavailable', () => {
  test('recognises an unreachable or refusing store, whichever driver says so', () => {
    const unavailable: Array<[string, unknown]> = [
      ['socket refused', driverError({ code: 'ECONNREFUSED' })],
      ['socket reset', driverError({ code: 'ECONNRESET' })],
      ['socket timeout', driverError({ code: 'ETIMEDOUT' })],
      ['pg: connection ended', new Error('Connection terminated unexpectedly')],
      ['pg: connect timeout', new Error('Connection terminated due to connection timeout')],
      ['pg-pool: connect timeout', new Error('timeout exceeded when trying to connect')],
      ['pg: broken client', new Error('Client has encountered a connection error and is not queryable')],
      ['admin shutdown', driverError({ code: '57P01' })],
      ['crash shutdown', driverError({ code: '57P02' })],
      ['cannot connect now', driverError({ code: '57P03' })],
      ['connection failure', driverError({ code: '08006' })],
      ['cannot establish', driverError({ code: '08001' })],
      ['too many connections', driverError({ code: '53300' })],
      ['SQLITE_BUSY', driverError({ errcode: 5 })],
      ['SQLITE_BUSY_SNAPSHOT', driverError({ errcode: 517 })],
      ['SQLITE_LOCKED', driverError({ errcode: 6 })],
      ['SQLITE_IOERR_WRITE', driverError({ errcode: 778 })],
      ['SQLITE_FULL', driverError({ errcode: 13 })],
      ['SQLITE_CANTOPEN', driverError({ errcode: 14 })],
      ['wrapped', new Error('batch failed', { cause: driverError({ code: 'ECONNRESET' }) })],
    ];
    for (const [name, error] of unavailable) assert.equal(isStoreUnavailable(error), true, name);
  });

  test('leaves every other failure to its own mapping', () => {
    const other: Array<[string, unknown]> = [
      ['unique violation', driverError({ code: '23505' })],
      ['syntax error', driverError({ code: '42601' })],
      ['serialization failure', driverError({ code: '40001' })],
      ['invalid text', driverError({ code: '22021' })],
      ['SQLITE_CONSTRAINT_UNIQUE', driverError({ errcode: 2067 })],
      ['SQLITE_CONSTRAINT', driverError({ errcode: 19 })],
      ['SQLITE_TOOBIG', driverError({ errcode: 18 })],
      ['a bug', new TypeError('cannot read properties of undefined')],
      ['plain error', new Error('boom')],
      ['bad cursor', new StoreCursorError('nope')],
      ['not an error', 'ECONNREFUSED'],
      ['nothing', undefined],
    ];
    for (const [name, error] of other) assert.equal(isStoreUnavailable(error), false, name);
  });

  test('a real refused PostgreSQL connection is recognised', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'test' });
    const error = await client.connect().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.ok(error !== undefined, 'nothing listens on the port');
    assert.equal(isStoreUnavailable(error), true);
  });
});

describe('store health', () => {
  test('turns unavailable on an unavailability error, and available on the next answer', async () => {
    const health = createStoreHealth();
    const changes: boolean[] = [];
    health.onChange((available) => changes.push(available));
    assert.equal(health.available, true);
    health.observe(driverError({ code: '23505' }));
    assert.equal(health.available, true, 'a refused statement proves the store reachable');
    health.observe(driverError({ code: 'ECONNRESET' }));
    health.observe(new Error('Connection terminated unexpectedly'));
    assert.equal(health.available, false);
    await assert.rejects(health.track(Promise.reject(driverError({ code: 'ECONNREFUSED' }))));
    assert.equal(await health.track(Promise.resolve('answer')), 'answer');
    assert.equal(health.available, true);
    assert.deepEqual(changes, [false, true], 'each change is told once');
  });
});

const pgFactory = await pgTestStoreFactory();
after(() => pgFactory.dispose());

/**
 * A migrated PostgreSQL store whose connections carry a unique application name, and the function that
 * terminates them all (SQLSTATE 57P01), as in a failover or a restart, returning how many it ended.
 */
async function terminableStore(t: TestContext): Promise<{ store: Store; terminate: () => Promise<number> }> {
  const options = await pgFactory.freshOptions();
  const applicationName = `hookgate_health_${randomBytes(4).toString('hex')}`;
  const url = new URL(options.databaseUrl ?? '');
  url.searchParams.set('application_name', applicationName);
  const store = createStore({ ...options, databaseUrl: url.toString() });
  t.after(() => store.close());
  await store.migrate();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  admin.on('error', () => {});
  await admin.connect();
  t.after(() => admin.end());
  const terminate = async (): Promise<number> => {
    const terminated = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    return terminated.rowCount ?? 0;
  };
  return { store, terminate };
}

describe('store health [postgres]', { skip: pgFactory.skip ?? false }, () => {
  test('a backend terminated by an administrator neither crashes the process nor stops the store', async (t) => {
    const { store, terminate } = await terminableStore(t);
    const changes: boolean[] = [];
    store.health.onChange((available) => changes.push(available));

    // The pool's idle connections are terminated.
    assert.ok((await terminate()) > 0, 'the store had a connection');
    await pollUntil(
      () => store.health.available,
      (available) => !available,
    );
    assert.equal(store.health.available, false, 'the terminated connection was noticed');

    // The next query opens a new connection: the store works again without being reopened.
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    assert.equal((await store.getConnection(connection.id))?.id, connection.id);
    assert.equal(store.health.available, true);
    assert.deepEqual(changes, [false, true]);
  });

  test("the group commit's connection terminated between batches: the next batch commits on a new one", async (t) => {
    const { store, terminate } = await terminableStore(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    // A first batch, so the group commit has used a connection before they are all terminated.
    assert.equal((await store.acceptEvent(...acceptArgs(connection.id))).status, 'accepted');

    assert.ok((await terminate()) > 0, 'the store had connections');
    await pollUntil(
      () => store.health.available,
      (available) => !available,
    );

    // Not the terminated connection: this batch is stored, and the store is available again.
    const [event, history] = acceptArgs(connection.id);
    assert.deepEqual(await store.acceptEvent(event, history), {
      status: 'accepted',
      eventId: event.id,
      historyId: history.id,
    });
    assert.equal((await store.getEvent(event.id))?.id, event.id);
    assert.equal(store.health.available, true);
  });
});

describe('store unavailable [sqlite]', () => {
  const factory = sqliteTestStoreFactory();
  after(() => factory.dispose());

  test('a database locked by another process answers 503 to the admin API, not 500', async (t) => {
    const options = await factory.freshOptions();
    const store = createStore(options);
    t.after(() => store.close());
    await store.migrate();
    const gateway = await testGateway(store);
    t.after(() => gateway.app.close());

    const other = new DatabaseSync(join(options.dataDir, SQLITE_FILE_NAME));
    t.after(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    const locked = await gateway.api('POST', '/api/v1/connections', {
      name: 'while locked',
      auth: { mode: 'shared_secret' },
    });
    assert.equal(locked.status, 503, locked.body);
    assert.deepEqual(locked.json(), {
      error: 'SERVICE_UNAVAILABLE',
      message: 'SERVICE_UNAVAILABLE: The store is unreachable; retry later',
    });
    assert.equal(store.health.available, false);

    other.exec('ROLLBACK');
    const unlocked = await gateway.api('POST', '/api/v1/connections', {
      name: 'after the lock',
      auth: { mode: 'shared_secret' },
    });
    assert.equal(unlocked.status, 201);
    assert.equal(store.health.available, true);
  });
});
