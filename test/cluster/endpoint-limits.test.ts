import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.ts';
import type { Store } from '../../src/store/types.ts';
import { deliveryHarness } from '../delivery/helpers/harness.ts';
import { startSink } from '../delivery/helpers/sink.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { pgTestStoreFactory } from '../store/pg-test-helper.ts';

const factory = await pgTestStoreFactory();
after(() => factory.dispose());

/** Three store handles (three pools) on one fresh schema: three instances, as far as the database can tell. */
async function threeInstances(t: { after(fn: () => Promise<void>): void }): Promise<Store[]> {
  const first = await factory.fresh(t);
  return [first, await factory.openAgain(first), await factory.openAgain(first)];
}

describe('endpoint limits hold for the whole cluster [postgres]', { skip: factory.skip ?? false }, () => {
  test('rateLimit 10/s with 3 workers on 3 pools: 10 requests per second in all, not 30', async (t) => {
    const sink = await startSink();
    t.after(() => sink.close());
    const stores = await threeInstances(t);
    const h = deliveryHarness(stores[0] as Store, t);
    const { application } = await h.application();
    await h.endpoint(application.id, { url: sink.url, rateLimit: 10 });
    for (let n = 0; n < 120; n += 1) await h.publish(application.id, 'order.updated', { n });
    const workers = stores.map((store, n) => h.worker({ workerId: `w${n}` }, store));
    const round = () => Promise.all(workers.map((worker) => worker.runOnce()));

    // The bucket starts full (one second's worth): spend that first, then measure the steady rate.
    await round();
    const burst = sink.requests.length;
    assert.equal(burst, 10, 'the first round spends the full bucket, once for all three workers');
    const stepMs = 100;
    const seconds = 5;
    for (let step = 0; step < (seconds * 1000) / stepMs; step += 1) {
      h.clock.advance(stepMs);
      await round();
    }
    const measured = (sink.requests.length - burst) / seconds;
    assert.ok(measured >= 9 && measured <= 11, `${measured}/s is within ±10 % of 10/s cluster-wide`);
    assert.equal(sink.processed.size, sink.requests.length, 'no delivery sent twice');
  });

  test('maxConcurrency 3 with 3 running workers on 3 pools: never more than 3 requests in flight', async (t) => {
    const sink = await startSlowSink(20);
    t.after(() => sink.close());
    const stores = await threeInstances(t);
    const h = deliveryHarness(stores[0] as Store, t);
    const { application } = await h.application();
    await h.endpoint(application.id, { url: sink.url, maxConcurrency: 3 });
    const total = 60;
    for (let n = 0; n < total; n += 1) await h.publish(application.id, 'order.updated', { n });
    // Real time here: leases are live while their requests run, and the workers loop on their own.
    const workers = stores.map((store, n) =>
      h.worker({ workerId: `w${n}`, clock: systemClock, pollIntervalMs: 10 }, store),
    );
    for (const worker of workers) worker.start();
    const served = await pollUntil(
      () => sink.served,
      (count) => count >= total,
      { attempts: 3000 },
    );
    for (const worker of workers) await worker.stop();
    assert.equal(served, total);
    assert.ok(sink.peak <= 3, `peak in flight ${sink.peak} is within maxConcurrency 3 cluster-wide`);
    assert.ok(sink.peak >= 2, `the cap is shared, not serialized (peak ${sink.peak})`);
    const byWorker = workers.map((worker) =>
      h.logs.filter((line) => line.includes(`"worker":"${worker.id}"`)),
    );
    assert.ok(byWorker.filter((lines) => lines.length > 0).length >= 2, 'several instances took part');
  });
});

/** A receiver that answers 200 after `delayMs` and records how many requests it held at once. */
async function startSlowSink(delayMs: number) {
  let inFlight = 0;
  const state = { url: '', peak: 0, served: 0, close: async () => {} };
  const server = createServer((request, response) => {
    inFlight += 1;
    state.peak = Math.max(state.peak, inFlight);
    request.resume();
    setTimeout(() => {
      inFlight -= 1;
      state.served += 1;
      response.writeHead(200).end('ok');
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
