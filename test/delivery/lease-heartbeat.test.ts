import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { overrideStore } from '../helpers/store-override.ts';
import { deliveryHarness } from './helpers/harness.ts';
import { startSink } from './helpers/sink.ts';

/** A short lease, and a heartbeat that beats often in real time (the lease itself runs on the test clock). */
const LEASE_MS = 1_000;
const HEARTBEAT_MS = 5;

await forEachStore('delivery leases with heartbeats', (fresh) => {
  /** One delivery whose first request hangs until `answer()` is called; later requests get 200. */
  async function setup(t: Parameters<typeof fresh>[0]) {
    let answer = (): void => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const sink = await startSink((_request, index) => (index === 0 ? 'hang' : { status: 200 }));
    t.after(() => sink.close());
    const store = await fresh(t);
    const h = deliveryHarness(store, t);
    const { application } = await h.application();
    await h.endpoint(application.id, { url: sink.url, signing: { style: 'standard_webhooks' } });
    const messageId = await h.publish(application.id);
    const delivery = async () => (await store.delivery.deliveriesOf(messageId))[0];
    return { sink, store, h, messageId, delivery, answer, answered };
  }

  test('a live worker keeps its lease past the lease length while its request runs', async (t) => {
    const s = await setup(t);
    const a = s.h.worker({ workerId: 'a', leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS });
    const b = s.h.worker({ workerId: 'b', leaseMs: LEASE_MS });
    const arrived = s.sink.next();
    const running = a.runOnce();
    await arrived;
    for (let step = 0; step < 5; step += 1) {
      s.h.clock.advance(LEASE_MS / 2);
      const renewedUntil = s.h.clock.now() + LEASE_MS;
      const renewed = await pollUntil(s.delivery, (d) => d?.dueAt === renewedUntil);
      assert.equal(renewed?.dueAt, renewedUntil, 'the heartbeat moved the lease on');
      assert.equal((await b.runOnce()).leased, 0, `still held after ${(step + 1) * 0.5} lease lengths`);
    }
    await a.stop({ abandon: true });
    assert.equal((await running).leased, 1);
    s.h.clock.advance(LEASE_MS);
    assert.equal((await b.runOnce()).succeeded, 1, 'once the heartbeat stops, the lease runs out');
  });

  test('a worker cut off from renewals loses the job to another; its late result does not overwrite', async (t) => {
    const s = await setup(t);
    let renewals: 'fail' | 'work' = 'fail';
    const cutOff = overrideStore(s.store, {
      delivery: {
        renew: (leases, until) =>
          renewals === 'fail'
            ? Promise.reject(new Error('connection lost'))
            : s.store.delivery.renew(leases, until),
      },
    });
    const a = s.h.worker({ workerId: 'a', leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS }, cutOff);
    const b = s.h.worker({ workerId: 'b', leaseMs: LEASE_MS });
    const arrived = s.sink.next();
    const running = a.runOnce();
    await arrived;
    await pollUntil(
      () => s.h.logs.some((line) => line.includes('delivery lease renewal failed')),
      (seen) => seen,
    );
    s.h.clock.advance(LEASE_MS + 1);
    assert.equal((await b.runOnce()).succeeded, 1, 'the expired lease was taken over');
    renewals = 'work';
    const summary = await running;
    assert.equal(summary.leaseLost, 1, "a's next renewal found the lease taken and aborted its request");
    assert.equal(summary.succeeded, 0);
    assert.ok(s.h.logs.some((line) => line.includes('delivery lease taken over; request aborted')));
    const done = await s.delivery();
    assert.equal(done?.state, 'SUCCESS', "b's result stands");
    assert.equal(done?.lastStatus, 200);
    assert.equal(done?.attempts, 2);
    assert.equal(s.sink.processed.size, 1, 'one event id, sent twice (at least once)');
  });

  test('a restarted instance sends the crashed one’s leased deliveries once the short lease ran out', async (t) => {
    const s = await setup(t);
    const crashed = s.h.worker({ workerId: 'crashed', heartbeatMs: HEARTBEAT_MS });
    const arrived = s.sink.next();
    void crashed.runOnce();
    await arrived;
    await crashed.stop({ abandon: true });
    const restarted = s.h.worker({ workerId: 'restarted' });
    assert.equal((await restarted.runOnce()).leased, 0);
    s.h.clock.advance(15_000);
    assert.equal((await restarted.runOnce()).succeeded, 1, 'the default lease is 15 s');
  });
});
