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
