import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createStore, type StoreOptions } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { PROCESS_ADMIN_TOKEN, type SpawnedGateway, spawnGateway } from '../helpers/spawn-gateway.ts';

const SECRET = 'shutdown-test-shared-secret';

/** Calls the admin API of a gateway process. */
async function api(gateway: SpawnedGateway, method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${PROCESS_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function createSharedSecretConnection(gateway: SpawnedGateway): Promise<string> {
  const created = await api(gateway, 'POST', '/api/v1/connections', {
    name: 'shutdown',
    auth: { mode: 'shared_secret', secret: SECRET },
  });
  assert.equal(created.status, 201);
  return (created.json.connection as { id: string }).id;
}

/** Sends one event; resolves with the event id of a 202. */
async function sendEvent(gateway: SpawnedGateway, connectionId: string, n: number): Promise<string> {
  const response = await fetch(`${gateway.url}/webhooks/in/${connectionId}`, {
    method: 'POST',
    headers: { 'x-webhook-secret': SECRET, 'content-type': 'application/json' },
    body: JSON.stringify({ n }),
  });
  assert.equal(response.status, 202);
  return ((await response.json()) as { id: string }).id;
}

/** An open live-tail stream: resolves `connected` on the first bytes and `ended` when the server ends it. */
function openStream(gateway: SpawnedGateway): { connected: Promise<void>; ended: Promise<void> } {
  let connected!: () => void;
  let ended!: () => void;
  const result = {
    connected: new Promise<void>((resolve) => {
      connected = resolve;
    }),
    ended: new Promise<void>((resolve) => {
      ended = resolve;
    }),
  };
  request(`${gateway.url}/api/v1/history/stream`, {
    headers: { authorization: `Bearer ${PROCESS_ADMIN_TOKEN}` },
  })
    .on('response', (response) => {
      response.once('data', () => connected());
      response.on('end', () => ended());
      response.resume();
    })
    .end();
  return result;
}

/** A POST whose body is sent in two halves: the first once the server has taken the request in. */
function slowUpload(gateway: SpawnedGateway, connectionId: string, body: string) {
  const half = Math.floor(body.length / 2);
  const upload = request(`${gateway.url}/webhooks/in/${connectionId}`, {
    method: 'POST',
    headers: {
      'x-webhook-secret': SECRET,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      // Node answers 100 Continue when the request reaches the server: proof it is in flight.
      expect: '100-continue',
    },
  });
  const inFlight = new Promise<void>((resolve) =>
    upload.once('continue', () => {
      upload.write(body.slice(0, half));
      resolve();
    }),
  );
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    upload.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    });
    upload.once('error', reject);
  });
  upload.flushHeaders();
  return { inFlight, answer, finish: () => upload.end(body.slice(half)) };
}

/** A receiver that holds every request until `release()`. */
async function startHoldingReceiver() {
  const held: ServerResponse[] = [];
  let received!: () => void;
  const firstRequest = new Promise<void>((resolve) => {
    received = resolve;
  });
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      held.push(res);
      received();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    firstRequest,
    release: () => {
      for (const res of held.splice(0)) res.writeHead(200).end('ok');
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The environment that points a gateway process at the test database. */
function storeEnv(database: StoreOptions): Record<string, string> {
  if (database.databaseUrl === undefined) return { HOOKGATE_DATA_DIR: database.dataDir };
  const url = new URL(database.databaseUrl);
  if (database.schema !== undefined) url.searchParams.set('options', `-c search_path=${database.schema}`);
  return {
    HOOKGATE_DATABASE_URL: url.toString(),
    HOOKGATE_MASTER_KEY: randomBytes(32).toString('base64'),
    HOOKGATE_DATA_DIR: database.dataDir,
  };
}

/** Opens the store after the process is gone. */
async function openStoreAfter(
  database: StoreOptions,
  t: { after(fn: () => Promise<void>): void },
): Promise<Store> {
  const store = createStore(database);
  await store.migrate();
  t.after(() => store.close());
  return store;
}

await forEachStore('graceful stop', (_fresh, factory) => {
  test('SIGTERM drains: live-tail streams end, a slow upload and a delivery in flight finish, exit 0, nothing acknowledged lost', {
    timeout: 90_000,
  }, async (t) => {
    const database = await factory.freshOptions();
    const migrated = createStore(database);
    await migrated.migrate();
    await migrated.close();
    const receiver = await startHoldingReceiver();
    t.after(() => receiver.close());
    const gateway = await spawnGateway({
      ...storeEnv(database),
      HOOKGATE_SHUTDOWN_TIMEOUT_MS: '60000',
      HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true',
    });
    t.after(() => gateway.kill());
    const connectionId = await createSharedSecretConnection(gateway);

    // A delivery in flight: the receiver holds the request until after the stop began.
    const application = await api(gateway, 'POST', '/api/v1/applications', { name: 'Acme' });
    const applicationId = (application.json.application as { id: string }).id;
    const endpoint = await api(gateway, 'POST', `/api/v1/applications/${applicationId}/endpoints`, {
      url: receiver.url,
    });
    assert.equal(endpoint.status, 201);
    const published = await api(gateway, 'POST', '/api/v1/messages', {
      applicationId,
      type: 'order.paid',
      data: { order: 1 },
    });
    assert.equal(published.status, 202);
    const messageId = (published.json.message as { id: string }).id;
    await receiver.firstRequest;

    const streams = [openStream(gateway), openStream(gateway)];
    await Promise.all(streams.map((stream) => stream.connected));
    const acked = await Promise.all(
      Array.from({ length: 20 }, (_, n) => sendEvent(gateway, connectionId, n)),
    );
    const body = JSON.stringify({ slow: 'x'.repeat(4000) });
    const upload = slowUpload(gateway, connectionId, body);
    await upload.inFlight;

    const stopAt = performance.now();
    gateway.child.kill('SIGTERM');
    await gateway.waitForLog(/^hookgate stopping/);
    await Promise.all(streams.map((stream) => stream.ended));
    await assert.rejects(
      fetch(`${gateway.url}/healthz`),
      'the listener is closed: new connections are refused',
    );
    upload.finish();
    receiver.release();
    const answer = await upload.answer;
    const exit = await gateway.exited;
    t.diagnostic(`SIGTERM to exit: ${Math.round(performance.now() - stopAt)} ms`);

    assert.deepEqual(exit, { code: 0, signal: null }, gateway.output());
    assert.equal(answer.status, 202, answer.body);
    const stopped = await gateway.waitForLog(/^hookgate stopped$/);
    assert.equal(stopped.requests, 1, 'the slow upload was in flight');
    assert.equal(stopped.streams, 2);
    assert.equal(stopped.deliveries, 1);
    assert.equal(stopped.timedOut, false);
    assert.equal(typeof stopped.durationMs, 'number');

    const store = await openStoreAfter(database, t);
    for (const id of acked) assert.ok(await store.getEvent(id), `acknowledged event ${id} is stored`);
    const slow = await store.getEvent((JSON.parse(answer.body) as { id: string }).id);
    assert.equal(Buffer.from(slow?.body ?? []).toString(), body, 'the slow upload is stored whole');
    const attempts = await store.delivery.listAttempts({ messageId, limit: 10 });
    assert.deepEqual(
      attempts.items.map((attempt) => [attempt.status, attempt.responseStatus]),
      [['SUCCESS', 200]],
      'the delivery in flight finished and its attempt was written',
    );
  });
});

test('SIGINT with a stop that runs out of time: the unfinished upload is cut (never acknowledged), exit 0', {
  timeout: 90_000,
}, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-shutdown-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const gateway = await spawnGateway({
    HOOKGATE_DATA_DIR: dataDir,
    HOOKGATE_SHUTDOWN_TIMEOUT_MS: '200',
  });
  t.after(() => gateway.kill());
  const connectionId = await createSharedSecretConnection(gateway);
  const acked = await sendEvent(gateway, connectionId, 1);
  const stream = openStream(gateway);
  await stream.connected;
  const upload = slowUpload(gateway, connectionId, JSON.stringify({ never: 'finished' }));
  await upload.inFlight;

  const stopAt = performance.now();
  gateway.child.kill('SIGINT');
  await stream.ended;
  await assert.rejects(upload.answer, 'the connection of the unfinished upload is closed without an answer');
  const exit = await gateway.exited;
  t.diagnostic(`SIGINT to exit with a 200 ms timeout: ${Math.round(performance.now() - stopAt)} ms`);
  assert.deepEqual(exit, { code: 0, signal: null }, gateway.output());
  const stopped = await gateway.waitForLog(/^hookgate stopped$/);
  assert.equal(stopped.timedOut, true);
  assert.equal(stopped.streams, 1);

  const store = await openStoreAfter({ dataDir }, t);
  assert.ok(await store.getEvent(acked));
  const history = await store.listHistory({ connectionId, limit: 10 });
  assert.deepEqual(
    history.items.filter((row) => row.outcome === 'ACCEPTED').map((row) => row.eventId),
    [acked],
    'only the acknowledged event was accepted',
  );
});
