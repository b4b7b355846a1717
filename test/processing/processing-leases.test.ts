import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PublishInput, PublishResult } from '../../src/delivery/message-publisher.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createProcessingWorker } from '../../src/processing/processing-worker.ts';
import { createTransformRunner } from '../../src/processing/transform-runner.ts';
import type { HistoryRecord } from '../../src/store/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { overrideStore } from '../helpers/store-override.ts';
import { processingHarness, RecordingPublisher } from './processing-harness.ts';

/** A short claim, and a heartbeat that beats often in real time (the claim itself runs on the test clock). */
const LEASE_MS = 1_000;

/** A publisher whose calls wait until `open()`: the worker is stuck mid-event for as long as the test wants. */
class GatedPublisher extends RecordingPublisher {
  #open: () => void = () => {};
  readonly #gate = new Promise<void>((resolve) => {
    this.#open = resolve;
  });

  open(): void {
    this.#open();
  }

  override async publish(input: PublishInput): Promise<PublishResult> {
    this.calls.push(input);
    await this.#gate;
    return { ok: true, messageId: 'msg_from_stalled_worker', duplicate: false };
  }
}

await forEachStore('processing claims with heartbeats', (fresh) => {
  test('a live worker keeps its claim past the lease; cut off from renewals it loses it, and its late result is dropped', async (t) => {
    const store = await fresh(t);
    const h = await processingHarness(store, t, { leaseMs: LEASE_MS });
    const conn = await h.connection();
    const flow = await h.api('POST', '/api/v1/flows', {
      name: 'relay',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      actions: [{ type: 'deliver', endpointId: 'ep_1' }],
    });
    const flowId = (flow.json() as { id: string }).id;
    assert.equal(await conn.send({ n: 1 }), 202);

    let renewals: 'work' | 'fail' = 'work';
    let failedRenewals = 0;
    const cutOff = overrideStore(store, {
      processing: {
        renewJobs: (leases, until) => {
          if (renewals === 'work') return store.processing.renewJobs(leases, until);
          failedRenewals += 1;
          return Promise.reject(new Error('connection lost'));
        },
      },
    });
    const stalled = new GatedPublisher();
    const updatedByStalled: HistoryRecord[] = [];
    const transforms = createTransformRunner({ processes: 1 });
    const a = createProcessingWorker({
      store: cutOff,
      clock: h.gw.clock,
      publisher: stalled,
      logger: createLogger('silent'),
      transforms,
      onHistoryUpdated: (row) => updatedByStalled.push(row),
      options: { leaseMs: LEASE_MS, heartbeatMs: 5 },
    });
    t.after(async () => {
      stalled.open();
      await a.stop();
      await transforms.close();
    });
    const running = a.runOnce();
    await pollUntil(
      () => stalled.calls.length,
      (calls) => calls === 1,
    );

    for (let step = 0; step < 3; step += 1) {
      h.gw.clock.advance(LEASE_MS + 1);
      const backlog = await pollUntil(
        () => store.processing.backlog(h.gw.clock.now()),
        (b) => b.running === 1,
      );
      assert.deepEqual(backlog, { running: 1, expired: 0 }, 'the heartbeat renewed the claim');
      assert.equal((await h.worker.runOnce()).processed, 0, 'a live claim is not taken over');
    }

    renewals = 'fail';
    await pollUntil(
      () => failedRenewals,
      (failed) => failed > 0,
    );
    h.gw.clock.advance(LEASE_MS + 1);
    assert.deepEqual(await store.processing.backlog(h.gw.clock.now()), { running: 0, expired: 1 });
    assert.equal((await h.worker.runOnce()).processed, 1, 'another worker takes the expired claim over');
    assert.equal(h.publisher.calls.length, 1);

    renewals = 'work';
    stalled.open();
    await running;
    assert.deepEqual(updatedByStalled, [], 'the stalled worker recorded no outcome');
    const runs = (await h.api('GET', `/api/v1/flows/${flowId}/runs`)).json() as {
      items: { actions: { messageId: string | null }[] }[];
    };
    assert.equal(runs.items.length, 1);
    assert.notEqual(runs.items[0]?.actions[0]?.messageId, 'msg_from_stalled_worker');
    assert.deepEqual(await store.processing.backlog(h.gw.clock.now()), { running: 0, expired: 0 });
  });
});
