import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PublishInput, PublishResult } from '../../src/delivery/message-publisher.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createProcessingWorker } from '../../src/processing/processing-worker.ts';
import { createTransformRunner } from '../../src/processing/transform-runner.ts';
import { forEachStore } from '../helpers/each-store.ts';
import {
  historyOf,
  type ProcessingHarness,
  processingHarness,
  RecordingPublisher,
} from './processing-harness.ts';

const LEASE_MS = 60_000;

/** A connection with a pass-through flow, and `count` events accepted while no worker runs. */
async function backlog(h: ProcessingHarness, count: number) {
  const conn = await h.connection();
  const flow = await h.api('POST', '/api/v1/flows', {
    name: 'relay',
    trigger: { type: 'webhook_received', connectionId: conn.id },
    actions: [{ type: 'deliver', endpointId: 'ep_1' }],
  });
  assert.equal(flow.status, 201);
  for (let n = 0; n < count; n += 1) assert.equal(await conn.send({ n }), 202);
  return conn;
}

/** A second worker on `store` (another process), with its own publisher. */
function otherWorker(
  h: ProcessingHarness,
  store: ProcessingHarness['store'],
  publisher: RecordingPublisher,
  maxAttempts = 5,
) {
  const transforms = createTransformRunner({ processes: 1 });
  const worker = createProcessingWorker({
    store,
    clock: h.gw.clock,
    publisher,
    logger: createLogger('silent'),
    transforms,
    options: { leaseMs: LEASE_MS, retryDelayMs: LEASE_MS, batchSize: 7, maxAttempts },
  });
  return { worker, close: async () => Promise.all([worker.stop(), transforms.close()]) };
}

await forEachStore('processing: crash safety', (fresh, factory) => {
  test('events accepted while no worker runs are all processed exactly once when one starts', async (t) => {
    const h = await processingHarness(await fresh(t), t, { batchSize: 10, leaseMs: LEASE_MS });
    const conn = await backlog(h, 25);
    assert.equal(h.publisher.calls.length, 0);
    const summary = await h.worker.runOnce();
    assert.deepEqual(summary, { processed: 25, failed: 0, retrying: 0 });
    const sources = h.publisher.calls.map((call) => call.sourceEventId);
    assert.equal(new Set(sources).size, 25);
    assert.deepEqual(
      h.publisher.calls.map((call) => (call.data as { n: number }).n),
      Array.from({ length: 25 }, (_, n) => n),
      'events of one connection are processed in the order they were received',
    );
    assert.ok((await historyOf(h, conn.id)).every((row) => row.outcome === 'ACCEPTED'));
    assert.equal((await h.worker.runOnce()).processed, 0);

    const again = await factory.openAgain(h.store);
    const late = otherWorker(h, again, new RecordingPublisher());
    t.after(late.close);
    h.gw.clock.advance(LEASE_MS * 10);
    assert.equal((await late.worker.runOnce()).processed, 0, 'a restarted process finds nothing left to do');
  });

  test('two workers on one database share a backlog without processing anything twice', async (t) => {
    const h = await processingHarness(await fresh(t), t, { batchSize: 7, leaseMs: LEASE_MS });
    await backlog(h, 40);
    const second = otherWorker(h, await factory.openAgain(h.store), h.publisher);
    t.after(second.close);
    const [a, b] = await Promise.all([h.worker.runOnce(), second.worker.runOnce()]);
    assert.equal(a.processed + b.processed, 40);
    assert.equal(h.publisher.calls.length, 40);
    assert.equal(new Set(h.publisher.calls.map((call) => call.sourceEventId)).size, 40);
  });

  test('a worker that dies mid-processing: its claim expires, the event is redone, one message results', async (t) => {
    const h = await processingHarness(await fresh(t), t, { leaseMs: LEASE_MS });
    const conn = await backlog(h, 1);
    const crashing = new (class extends RecordingPublisher {
      override async publish(input: PublishInput): Promise<PublishResult> {
        await super.publish(input);
        throw new Error('process killed after publishing');
      }
    })();
    const dying = otherWorker(h, h.store, crashing);
    t.after(dying.close);
    assert.deepEqual(await dying.worker.runOnce(), { processed: 0, failed: 0, retrying: 1 });
    assert.equal(crashing.calls.length, 1);
    assert.equal((await h.worker.runOnce()).processed, 0, 'the claim holds until its lease expires');
    h.gw.clock.advance(LEASE_MS + 1);
    const publisher = h.publisher;
    assert.equal((await h.worker.runOnce()).processed, 1);
    assert.equal(
      publisher.calls[0]?.idempotencyKey,
      crashing.calls[0]?.idempotencyKey,
      'same key on the redo',
    );
    assert.equal((await historyOf(h, conn.id))[0]?.outcome, 'ACCEPTED');
  });

  test('an event that keeps failing is given up after maxAttempts with outcome ERROR', async (t) => {
    const store = await fresh(t);
    const h = await processingHarness(store, t, { leaseMs: LEASE_MS });
    const conn = await backlog(h, 1);
    const broken = new (class extends RecordingPublisher {
      override async publish(): Promise<PublishResult> {
        throw new Error('store unreachable');
      }
    })();
    const worker = otherWorker(h, store, broken, 2);
    t.after(worker.close);
    assert.equal((await worker.worker.runOnce()).retrying, 1);
    h.gw.clock.advance(LEASE_MS + 1);
    assert.deepEqual(await worker.worker.runOnce(), { processed: 1, failed: 1, retrying: 0 });
    const [row] = await historyOf(h, conn.id);
    assert.equal(row?.outcome, 'ERROR');
    assert.equal(row?.message, 'ERROR: Processing failed after 2 attempts: store unreachable');
  });

  test('a nudged event is claimed directly, without waiting for a scan', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await backlog(h, 2);
    await h.store.processing.setScanFloor(h.gw.clock.now() + 3_600_000);
    const rows = (await h.gw.api('GET', `/api/v1/history?connectionId=${conn.id}`)).json() as {
      items: { id: string; eventId: string }[];
    };
    const newest = rows.items[0]!;
    h.worker.nudge({ eventId: newest.eventId, historyId: newest.id, connectionId: conn.id });
    assert.equal(
      (await h.worker.runOnce()).processed,
      1,
      'only the nudged one: the scan floor hides the other',
    );
    assert.equal(h.publisher.calls[0]?.sourceEventId, newest.eventId);
  });
});
