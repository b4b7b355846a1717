import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from '../../src/observability/metrics.ts';

test('inbound counts reach hookgate_inbound_requests_total when read, each counted once', async () => {
  const metrics = createMetrics();
  metrics.countInbound('con_a', 'ACCEPTED');
  metrics.countInbound('con_a', 'ACCEPTED');
  metrics.countInbound('con_b', 'UNAUTHORIZED');
  const first = await metrics.registry.metrics();
  assert.match(first, /hookgate_inbound_requests_total\{connection="con_a",outcome="ACCEPTED"\} 2\n/);
  assert.match(first, /hookgate_inbound_requests_total\{connection="con_b",outcome="UNAUTHORIZED"\} 1\n/);
  metrics.countInbound('con_a', 'ACCEPTED');
  const second = await metrics.registry.metrics();
  assert.match(second, /hookgate_inbound_requests_total\{connection="con_a",outcome="ACCEPTED"\} 3\n/);
  assert.match(second, /hookgate_inbound_requests_total\{connection="con_b",outcome="UNAUTHORIZED"\} 1\n/);
});

test('the inbound histograms read exactly as prom-client histograms given the same observations', async () => {
  const { Histogram, Registry } = await import('prom-client');
  const { TalliedHistogram } = await import('../../src/observability/tallied-histogram.ts');
  const buckets = [0.00005, 0.0001, 0.001, 0.1];
  const observed: [number, string][] = [
    [0.00005, 'hmac'],
    [0.00007, 'stripe'],
    [0.0009, 'hmac'],
    [0.3, 'hmac'],
    [0.1, 'stripe'],
  ];
  const expected = new Registry();
  const labelled = new Histogram({
    name: 'h_labelled',
    help: 'x',
    labelNames: ['mode'],
    buckets,
    registers: [expected],
  });
  const plain = new Histogram({ name: 'h_plain', help: 'y', buckets, registers: [expected] });
  const empty = new Histogram({
    name: 'h_empty',
    help: 'z',
    labelNames: ['mode'],
    buckets,
    registers: [expected],
  });
  const actual = new Registry();
  const tallied = {
    labelled: new TalliedHistogram({ name: 'h_labelled', help: 'x', labelName: 'mode', buckets }),
    plain: new TalliedHistogram({ name: 'h_plain', help: 'y', buckets }),
    empty: new TalliedHistogram({ name: 'h_empty', help: 'z', labelName: 'mode', buckets }),
  };
  for (const metric of Object.values(tallied)) actual.registerMetric(metric as never);
  assert.equal(await actual.metrics(), await expected.metrics(), 'before any observation');
  for (const [seconds, mode] of observed) {
    labelled.observe({ mode }, seconds);
    plain.observe(seconds);
    tallied.labelled.observe(seconds, mode);
    tallied.plain.observe(seconds);
  }
  const text = await actual.metrics();
  assert.equal(text, await expected.metrics());
  assert.match(text, /h_labelled_bucket\{le="0.001",mode="hmac"\} 2\n/);
  assert.deepEqual(await actual.getMetricsAsJSON(), await expected.getMetricsAsJSON().then(stripExemplars));
  assert.throws(() => tallied.plain.observe(Number.NaN), TypeError);
  void empty;
});

/** prom-client's JSON lines carry an `exemplar: null` the tallied histogram has no use for. */
function stripExemplars<T extends { values?: object[] }>(metrics: T[]): T[] {
  return metrics.map((metric) => ({
    ...metric,
    values: metric.values?.map(({ exemplar: _, ...line }: { exemplar?: unknown }) => line),
  }));
}
