import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { OutboundRequest, SendResult, Transport } from '../../src/delivery/http/http-transport.ts';
import { createForwardWorker, type ForwardWorker } from '../../src/forward/forward-worker.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createSecretBox } from '../../src/secrets/index.ts';
import type { LeasedForward } from '../../src/store/forward/forward-types.ts';
import type { Store } from '../../src/store/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';
import { acceptArgs } from '../store/fixtures.ts';

const LEASE_MS = 15_000;

/** A backend whose answers the test gives: each request waits until `answer(eventId)`. */
function heldTransport() {
  const requests: string[] = [];
  const pending = new Map<string, (result: SendResult) => void>();
  const arrivals: (() => void)[] = [];
  const transport: Transport = {
    send(request: OutboundRequest) {
      const eventId = String(request.headers['webhook-id']);
      requests.push(eventId);
      for (const wake of arrivals.splice(0)) wake();
      return new Promise((resolve) => pending.set(eventId, resolve));
    },
    close: async () => {},
  };
  return {
    transport,
    requests,
    answer(eventId: string, status = 204) {
      const resolve = pending.get(eventId);
      assert.ok(resolve, `no request of ${eventId} is waiting`);
      pending.delete(eventId);
      resolve({ kind: 'response', status, retryAfter: null, bodyPreview: '', latencyMs: 1 });
    },
  };
}

/** A forwarding connection (its secret sealed with the gateway's key) and a worker over the same store. */
async function setup(
  fresh: (t: { after(fn: () => Promise<void>): void }) => Promise<Store>,
  t: { after(fn: () => Promise<void>): void },
  heartbeatMs = 3_600_000,
) {
  const gateway = await testGateway(await fresh(t));
  t.after(() => gateway.app.close());
  const connection = await createConnection(
    gateway,
    { mode: 'shared_secret' },
    { forward: { url: 'https://backend.example/hooks' } },
  );
  const settings = (await gateway.store.getConnection(connection.id))?.forward ?? null;
  assert.ok(settings);
  const backend = heldTransport();
  let leaseRounds = 0;
  // Counts the store's lease rounds: a forward that waited in memory must start without one.
  const store = new Proxy(gateway.store, {
    get(target, property) {
      if (property !== 'forward') return Reflect.get(target, property, target);
      return {
        ...target.forward,
        lease: (request: Parameters<Store['forward']['lease']>[0]) => {
          leaseRounds += 1;
          return target.forward.lease(request);
        },
      };
    },
  });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const worker = createForwardWorker({
    store,
    clock: gateway.clock,
    logger: createLogger('silent', quiet),
    secretBox: createSecretBox({ current: gateway.masterKey }),
    transport: backend.transport,
    perConnection: 1,
    leaseMs: LEASE_MS,
    // No poll (and, unless asked, no timed heartbeat): only what the test does moves the worker.
    pollIntervalMs: 3_600_000,
    heartbeatMs,
  });
  t.after(async () => {
    for (const eventId of [...backend.requests]) {
      try {
        backend.answer(eventId);
      } catch {}
    }
    await worker.stop();
  });

  /** Accepts one event as the inbound path does: leased in its own commit when the worker has room. */
  async function accept(): Promise<{ eventId: string; leased: boolean }> {
    const [event, history] = acceptArgs(connection.id, { at: gateway.clock.now() });
    const lease = worker.reserve(connection.id);
    await gateway.store.acceptEvent(event, history, { headers: {}, ...(lease !== null && { lease }) });
    if (lease !== null) {
      const leased: LeasedForward = {
        job: {
          eventId: event.id,
          connectionId: connection.id,
          state: 'pending',
          attempts: 1,
          scheduleBase: 0,
          dueAt: lease.until,
          lastStatus: null,
          lastError: null,
          headers: {},
          createdAt: event.receivedAt,
        },
        leaseToken: lease.token,
        settings,
        body: event.body,
        contentType: event.contentType,
      };
      worker.handoff(leased);
    }
    return { eventId: event.id, leased: lease !== null };
  }
  return { gateway, backend, worker, accept, leaseRounds: () => leaseRounds };
}

async function waitingCount(worker: ForwardWorker, wanted: number): Promise<void> {
  assert.equal(
    await pollUntil(
      () => worker.waiting(),
      (count) => count === wanted,
    ),
    wanted,
  );
}

await forEachStore('forward worker', (fresh) => {
  test('a forward of a connection at its in-flight limit waits in memory, leased, and starts when the slot frees', async (t) => {
    const { gateway, backend, worker, accept, leaseRounds } = await setup(fresh, t);
    worker.start();
    await pollUntil(leaseRounds, (rounds) => rounds >= 1);
    const roundsAtStart = leaseRounds();

    const first = await accept();
    await pollUntil(
      () => backend.requests.length,
      (count) => count === 1,
    );
    const second = await accept();
    assert.deepEqual([first.leased, second.leased], [true, true], 'both leased in their own commit');
    await waitingCount(worker, 1);
    assert.deepEqual(backend.requests, [first.eventId], 'one request at a time to this connection');
    const held = await gateway.store.forward.getJob(second.eventId);
    assert.deepEqual(
      [held?.state, held?.attempts, held?.dueAt],
      ['pending', 1, gateway.clock.now() + LEASE_MS],
    );

    backend.answer(first.eventId);
    await pollUntil(
      () => backend.requests.length,
      (count) => count === 2,
    );
    assert.deepEqual(backend.requests, [first.eventId, second.eventId]);
    backend.answer(second.eventId);
    const states = await pollUntil(
      async () => [
        (await gateway.store.forward.getJob(first.eventId))?.state,
        (await gateway.store.forward.getJob(second.eventId))?.state,
      ],
      (now) => now.every((state) => state === 'delivered'),
      { attempts: 500, intervalMs: 10 },
    );
    assert.deepEqual(states, ['delivered', 'delivered']);
    assert.equal(worker.waiting(), 0);
    assert.equal(leaseRounds(), roundsAtStart, 'no lease round: both came through their own commit');
    const attempts = await gateway.store.forward.getJob(second.eventId);
    assert.equal(attempts?.attempts, 1, 'waiting did not count an attempt');
  });

  test('a graceful stop gives a waiting forward back, due now and without the attempt it never made', async (t) => {
    const { gateway, backend, worker, accept } = await setup(fresh, t);
    worker.start();
    const first = await accept();
    await pollUntil(
      () => backend.requests.length,
      (count) => count === 1,
    );
    const second = await accept();
    await waitingCount(worker, 1);
    gateway.clock.advance(1000);
    const stopped = worker.stop();
    backend.answer(first.eventId);
    await stopped;
    assert.deepEqual(backend.requests, [first.eventId], 'the waiting forward was not started by the stop');
    const given = await gateway.store.forward.getJob(second.eventId);
    assert.deepEqual(
      [given?.state, given?.attempts, given?.dueAt],
      ['pending', 0, gateway.clock.now()],
      'due now for any instance, attempt count given back',
    );
    assert.equal((await gateway.store.forward.getJob(first.eventId))?.state, 'delivered');
  });

  test('the heartbeat renews the leases of forwards in flight and waiting; another instance cannot take them', async (t) => {
    const { gateway, backend, worker, accept } = await setup(fresh, t, 20);
    worker.start();
    const first = await accept();
    await pollUntil(
      () => backend.requests.length,
      (count) => count === 1,
    );
    const second = await accept();
    await waitingCount(worker, 1);
    // Past the first lease's expiry by the clock; the beats (every 20 ms) extend both leases from now.
    gateway.clock.advance(LEASE_MS + 5000);
    const renewedUntil = gateway.clock.now() + LEASE_MS;
    const dues = await pollUntil(
      async () => [
        (await gateway.store.forward.getJob(first.eventId))?.dueAt,
        (await gateway.store.forward.getJob(second.eventId))?.dueAt,
      ],
      (now) => now.every((due) => due === renewedUntil),
    );
    assert.deepEqual(dues, [renewedUntil, renewedUntil]);
    const other = await gateway.store.forward.lease({
      now: gateway.clock.now(),
      limit: 10,
      leaseMs: LEASE_MS,
      owner: 'another-instance',
      excludeConnections: [],
      admit: () => true,
    });
    assert.deepEqual(other, [], 'both still held by the live worker');
  });
});
