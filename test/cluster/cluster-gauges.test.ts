import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CLUSTER_GAUGE_CACHE_MS, registerClusterGauges } from '../../src/observability/cluster-gauges.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import type { Store } from '../../src/store/types.ts';
import { deliveryHarness } from '../delivery/helpers/harness.ts';
import { startSink } from '../delivery/helpers/sink.ts';
import { pgTestStoreFactory } from '../store/pg-test-helper.ts';

const factory = await pgTestStoreFactory();
after(() => factory.dispose());

/** The cluster gauge lines of one scrape. */
function clusterLines(text: string): string[] {
  return text.split('\n').filter((line) => /^hookgate_(delivery_queue|processing_backlog)\{/.test(line));
}

describe('cluster gauges on /metrics [postgres]', { skip: factory.skip ?? false }, () => {
  test('two instances report the same queue depth and processing backlog, read from the database', async (t) => {
    const sink = await startSink((_request, index) => ({ status: index === 0 ? 200 : 500 }));
    t.after(() => sink.close());
    const first = await factory.fresh(t);
    const stores: Store[] = [first, await factory.openAgain(first)];
    const h = deliveryHarness(first, t);
    const one = await h.application('one');
    await h.endpoint(one.application.id, { url: sink.url });
    await h.publish(one.application.id);
    await h.publish(one.application.id);
    assert.deepEqual(await h.worker().runOnce(), {
      leased: 2,
      succeeded: 1,
      failed: 1,
      deadLettered: 0,
      leaseLost: 0,
    });
    await h.publish(one.application.id);
    const two = await h.application('two');
    const { endpoint } = await h.endpoint(two.application.id, { url: sink.url });
    await h.publish(two.application.id);
    await first.delivery.endpoints.updateEndpoint(endpoint.id, { enabled: false, updatedAt: h.clock.now() });

    const scrapers = stores.map((store) => {
      const metrics = createMetrics();
      registerClusterGauges(metrics.registry, store, { clock: h.clock, logger: h.logger });
      return async () => clusterLines(await metrics.registry.metrics());
    });
    const [a, b] = await Promise.all(scrapers.map((scrape) => scrape()));
    assert.deepEqual(a, [
      'hookgate_delivery_queue{state="pending"} 1',
      'hookgate_delivery_queue{state="retrying"} 1',
      'hookgate_delivery_queue{state="dead"} 1',
      'hookgate_processing_backlog{state="running"} 0',
      'hookgate_processing_backlog{state="expired"} 0',
    ]);
    assert.deepEqual(b, a, 'every instance reports the same');

    await h.publish(one.application.id);
    const cached = scrapers[1] as () => Promise<string[]>;
    assert.deepEqual(await cached(), a, `one read serves scrapes for ${CLUSTER_GAUGE_CACHE_MS} ms`);
    h.clock.advance(CLUSTER_GAUGE_CACHE_MS);
    assert.ok((await cached()).includes('hookgate_delivery_queue{state="pending"} 2'));
  });
});
