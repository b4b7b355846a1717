import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpTransport, type Transport } from '../../src/delivery/http/http-transport.ts';
import { createMessagePublisher } from '../../src/delivery/publisher.ts';
import { createDestinationGuard } from '../../src/delivery/ssrf/destination-guard.ts';
import type { DeliveryWorker } from '../../src/delivery/worker/worker-options.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { deliveryHarness } from './helpers/harness.ts';
import { type SinkAnswer, startSink } from './helpers/sink.ts';

const LEASE_MS = 60_000;

await forEachStore('crash recovery and shared queue', (fresh, factory) => {
  async function setup(t: Parameters<typeof fresh>[0], answer: (index: number) => SinkAnswer) {
    const sink = await startSink((_request, index) => answer(index));
    t.after(() => sink.close());
    const store = await fresh(t);
    const h = deliveryHarness(store, t);
    const { application } = await h.application();
    const { endpoint } = await h.endpoint(application.id, {
      url: sink.url,
      signing: { style: 'standard_webhooks' },
    });
    return { sink, store, h, application, endpoint };
  }

  test('a worker killed mid-request: the lease expires, another worker delivers; the deduping sink processes it once', async (t) => {
    const s = await setup(t, (index) => (index === 0 ? 'hang' : { status: 200 }));
    const messageId = await s.h.publish(s.application.id);
    const a = s.h.worker({ leaseMs: LEASE_MS, workerId: 'a' });
    const b = s.h.worker({ leaseMs: LEASE_MS, workerId: 'b' });
    const arrived = s.sink.next();
    const running = a.runOnce();
    await arrived;
    await a.stop({ abandon: true });
    assert.equal((await running).leased, 1);
    assert.equal((await b.runOnce()).leased, 0, 'still leased by the dead worker');
    s.h.clock.advance(LEASE_MS);
    assert.equal((await b.runOnce()).succeeded, 1);
    const [eventId, receipts] = [...s.sink.processed.entries()][0] ?? [];
    assert.equal(s.sink.processed.size, 1, 'exactly one event for a receiver that dedupes on the event id');
    assert.equal(receipts, 2, 'at least once without deduplication');
    const [delivery] = await s.store.delivery.deliveriesOf(messageId);
    assert.equal(delivery?.state, 'SUCCESS');
    assert.equal(delivery?.attempts, 2);
    assert.equal(s.sink.requests[1]?.headers['idempotency-key'], eventId);
  });

  test('a worker that dies after the response but before recording it: delivered again, never lost', async (t) => {
    const s = await setup(t, () => ({ status: 200 }));
    await s.h.publish(s.application.id);
    const real = createHttpTransport({ guard: createDestinationGuard({ allowPrivate: true }) });
    t.after(() => real.close());
    let a: DeliveryWorker | undefined;
    const crashing: Transport = {
      async send(request, signal) {
        const result = await real.send(request, signal);
        void a?.stop({ abandon: true });
        return result;
      },
      close: () => real.close(),
    };
    a = s.h.worker({ leaseMs: LEASE_MS, transport: crashing });
    await a.runOnce();
    assert.equal(s.sink.requests.length, 1);
    const b = s.h.worker({ leaseMs: LEASE_MS });
    s.h.clock.advance(LEASE_MS);
    assert.equal((await b.runOnce()).succeeded, 1);
    assert.equal(s.sink.requests.length, 2);
    assert.equal(s.sink.processed.size, 1);
  });

  test('the production loop: a local publish hands the first attempt over; stop waits for requests in flight', async (t) => {
    const s = await setup(t, () => ({ status: 200 }));
    const worker = s.h.worker({ pollIntervalMs: 60_000 });
    const publisher = createMessagePublisher({
      store: s.store,
      clock: s.h.clock,
      local: worker,
      onQueued: () => worker.notify(),
    });
    worker.start();
    const arrived = s.sink.next();
    const published = await publisher.publish({
      applicationId: s.application.id,
      type: 'order.created',
      data: {},
    });
    assert.ok(published.ok);
    const [leased] = await s.store.delivery.deliveriesOf(published.messageId);
    assert.equal(leased?.attempts, 1, 'leased in the publish transaction');
    await arrived;
    await worker.stop();
    const [delivery] = await s.store.delivery.deliveriesOf(published.messageId);
    assert.equal(delivery?.state, 'SUCCESS');
    assert.equal(
      (await s.store.delivery.listAttempts({ limit: 5, messageId: published.messageId })).items.length,
      1,
    );
  });

  test('a handed-over delivery whose worker dies is sent by another worker after the lease', async (t) => {
    const s = await setup(t, (index) => (index === 0 ? 'hang' : { status: 200 }));
    const a = s.h.worker({ leaseMs: LEASE_MS, pollIntervalMs: 60_000 });
    const publisher = createMessagePublisher({ store: s.store, clock: s.h.clock, local: a });
    a.start();
    const arrived = s.sink.next();
    const published = await publisher.publish({
      applicationId: s.application.id,
      type: 'order.created',
      data: {},
    });
    assert.ok(published.ok);
    await arrived;
    await a.stop({ abandon: true });
    const b = s.h.worker({ leaseMs: LEASE_MS });
    assert.equal((await b.runOnce()).leased, 0);
    s.h.clock.advance(LEASE_MS);
    assert.equal((await b.runOnce()).succeeded, 1);
    assert.equal(s.sink.processed.size, 1);
    assert.equal([...s.sink.processed.values()][0], 2);
  });

  test('a duplicate publish gives its reservation back', async (t) => {
    const s = await setup(t, () => ({ status: 200 }));
    const worker = s.h.worker({ pollIntervalMs: 60_000, concurrency: 1 });
    const publisher = createMessagePublisher({ store: s.store, clock: s.h.clock, local: worker });
    worker.start();
    const input = { applicationId: s.application.id, type: 'a', data: {}, idempotencyKey: 'same' };
    const first = s.sink.next();
    assert.ok((await publisher.publish(input)).ok);
    await first;
    await worker.stop();
    worker.start();
    const again = await publisher.publish(input);
    assert.ok(again.ok && again.duplicate);
    const next = s.sink.next();
    const other = await publisher.publish({ ...input, idempotencyKey: 'other' });
    assert.ok(other.ok);
    await next;
    await worker.stop();
    const [delivery] = await s.store.delivery.deliveriesOf(other.messageId);
    assert.equal(delivery?.attempts, 1, 'the single slot was free again, so it was handed over');
  });

  test('two workers on two store handles share the queue without double delivery', async (t) => {
    const s = await setup(t, () => ({ status: 200 }));
    // PostgreSQL: a second pool, like a second hookgate process. SQLite (embedded, single process): one handle.
    const otherStore = factory.label === 'postgres' ? await factory.openAgain(s.store) : s.store;
    const workers = [
      s.h.worker({ workerId: 'one', batchSize: 7 }),
      s.h.worker({ workerId: 'two', batchSize: 5 }, otherStore),
    ];
    const total = 150;
    const ids = new Set<string>();
    for (let i = 0; i < total; i += 1) ids.add(await s.h.publish(s.application.id, 'order.updated', { i }));
    const all = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (s.sink.requests.length >= total) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    for (const worker of workers) worker.start();
    await all;
    for (const worker of workers) await worker.stop();
    assert.equal(s.sink.requests.length, total);
    assert.equal(s.sink.processed.size, total);
    assert.ok([...s.sink.processed.values()].every((count) => count === 1));
    const page = await s.store.delivery.listEndpointDeliveries({
      endpointId: s.endpoint.id,
      state: 'SUCCESS',
      limit: 500,
    });
    assert.equal(page.items.length, total);
    const byWorker = (name: string) => s.h.logs.filter((line) => line.includes(`"worker":"${name}"`)).length;
    assert.ok(byWorker('one') > 0 && byWorker('two') > 0, 'both workers took part');
    assert.equal(byWorker('one') + byWorker('two'), total);
  });
});
