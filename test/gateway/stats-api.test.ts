import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantileFromBins } from '../../src/api/stats-routes.ts';
import { LATENCY_BINS_MS } from '../../src/store/stats-queries.ts';
import type { Store } from '../../src/store/types.ts';
import { attemptRecord, enqueueTo, leaseAll, seedApplication } from '../delivery/store-fixtures.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, T0, type TestGateway, testGateway } from '../helpers/test-gateway.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Sends one request to a shared-secret connection at the gateway's current time. */
async function send(gw: TestGateway, path: string, secret: string): Promise<number> {
  const response = await gw.app.inject({
    method: 'POST',
    url: path,
    headers: { 'x-webhook-secret': secret, 'content-type': 'application/json' },
    payload: '{"n":1}',
  });
  return response.statusCode;
}

/** Leases one delivery of a new message and records one attempt with `status` and `latencyMs` at `at`. */
async function recordAttempt(
  store: Store,
  applicationId: string,
  endpointId: string,
  at: number,
  status: 'SUCCESS' | 'FAILED',
  latencyMs: number,
): Promise<void> {
  const { message } = await enqueueTo(store, applicationId, [endpointId], at);
  const [job] = await store.delivery.lease(leaseAll(at));
  assert.ok(job);
  await store.delivery.complete({
    deliveryId: job.delivery.id,
    leaseToken: job.leaseToken,
    now: at,
    attempt: {
      ...attemptRecord(job.delivery.id, message.id, endpointId, 1, at),
      status,
      latencyMs,
      responseStatus: status === 'SUCCESS' ? 200 : 500,
    },
    attempts: 1,
    state: status === 'SUCCESS' ? 'SUCCESS' : 'FAILED',
    dueAt: null,
    lastStatus: status === 'SUCCESS' ? 200 : 500,
    lastError: null,
  });
}

test('a quantile is the upper bound of the latency bin that holds it', () => {
  assert.equal(quantileFromBins({}, 0.5), null);
  // 10 attempts: 5 in bin 0 (≤ 1 ms), 4 in bin 3 (≤ 5 ms), 1 beyond the last bound.
  const bins = { '0': 5, '3': 4, [String(LATENCY_BINS_MS.length)]: 1 };
  assert.equal(quantileFromBins(bins, 0.5), 1);
  assert.equal(quantileFromBins(bins, 0.6), 5);
  assert.equal(quantileFromBins(bins, 0.95), LATENCY_BINS_MS.at(-1));
});

await forEachStore('stats API', (fresh) => {
  test('inbound requests are counted per bucket and outcome, with empty buckets kept', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const a = await createConnection(gw, { mode: 'shared_secret' }, { name: 'alpha' });
    const b = await createConnection(gw, { mode: 'shared_secret' }, { name: 'beta' });

    // 12:00 bucket: a accepted twice, refused once; b accepted once. 12:02 bucket: a refused twice.
    assert.equal(await send(gw, a.path, a.secret!), 202);
    assert.equal(await send(gw, a.path, a.secret!), 202);
    assert.equal(await send(gw, a.path, 'wrong-secret'), 401);
    assert.equal(await send(gw, b.path, b.secret!), 202);
    gw.clock.advance(2 * MINUTE);
    assert.equal(await send(gw, a.path, 'wrong'), 401);
    assert.equal(await send(gw, a.path, 'wrong'), 401);

    const since = new Date(T0).toISOString();
    const until = new Date(T0 + 3 * MINUTE).toISOString();
    const all = await gw.api('GET', `/api/v1/stats?bucket=minute&since=${since}&until=${until}`);
    assert.equal(all.status, 200, all.body);
    assert.deepEqual(all.json(), {
      bucket: 'minute',
      since,
      until,
      buckets: [
        { start: since, counts: { ACCEPTED: 3, UNAUTHORIZED: 1 } },
        { start: new Date(T0 + MINUTE).toISOString(), counts: {} },
        { start: new Date(T0 + 2 * MINUTE).toISOString(), counts: { UNAUTHORIZED: 2 } },
      ],
    });

    const onlyB = await gw.api(
      'GET',
      `/api/v1/stats?bucket=minute&since=${since}&until=${until}&connectionId=${b.id}`,
    );
    assert.deepEqual(
      (onlyB.json() as { buckets: { counts: object }[] }).buckets.map((x) => x.counts),
      [{ ACCEPTED: 1 }, {}, {}],
    );

    // Default window for hour buckets: 24 whole hours, the last one holding now.
    const byHour = (await gw.api('GET', '/api/v1/stats?bucket=hour')).json() as {
      since: string;
      buckets: { start: string; counts: Record<string, number> }[];
    };
    assert.equal(byHour.buckets.length, 24);
    assert.deepEqual(byHour.buckets.at(-1), { start: since, counts: { ACCEPTED: 3, UNAUTHORIZED: 3 } });

    const top = await gw.api('GET', `/api/v1/stats/connections?since=${since}&until=${until}`);
    assert.deepEqual(top.json(), {
      since,
      until,
      items: [
        { connectionId: a.id, name: 'alpha', total: 5, refused: 3, counts: { ACCEPTED: 2, UNAUTHORIZED: 3 } },
        { connectionId: b.id, name: 'beta', total: 1, refused: 0, counts: { ACCEPTED: 1 } },
      ],
    });
  });

  test('a window that is empty, reversed or too finely cut is refused with 400', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const at = new Date(T0).toISOString();
    const reversed = await gw.api(
      'GET',
      `/api/v1/stats?since=${at}&until=${new Date(T0 - HOUR).toISOString()}`,
    );
    assert.equal(reversed.status, 400);
    assert.match(reversed.body, /since must be before until/);
    const tooMany = await gw.api(
      'GET',
      `/api/v1/stats?bucket=minute&since=${new Date(T0 - 30 * 24 * HOUR).toISOString()}`,
    );
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body, /more than 1500 minute buckets/);
    const notATime = await gw.api('GET', '/api/v1/stats?since=yesterday');
    assert.equal(notATime.status, 400);
    const unauthorized = await gw.app.inject({ method: 'GET', url: '/api/v1/stats' });
    assert.equal(unauthorized.statusCode, 401);
  });

  test('delivery attempts are counted per status with latency percentiles per bucket', async (t) => {
    const store = await fresh(t);
    const gw = await testGateway(store);
    t.after(() => gw.app.close());
    const { application, endpoints } = await seedApplication(store, 2);
    const [one, two] = endpoints.map((e) => e.id) as [string, string];
    // 12:00 hour: 9 fast successes and 1 slow failure on endpoint one; 13:00 hour: one success on two.
    for (let i = 0; i < 9; i += 1) await recordAttempt(store, application.id, one, T0 + i, 'SUCCESS', 4);
    await recordAttempt(store, application.id, one, T0 + 10, 'FAILED', 2500);
    await recordAttempt(store, application.id, two, T0 + HOUR, 'SUCCESS', 40);

    const since = new Date(T0).toISOString();
    const until = new Date(T0 + 2 * HOUR).toISOString();
    const all = await gw.api('GET', `/api/v1/stats/deliveries?bucket=hour&since=${since}&until=${until}`);
    assert.equal(all.status, 200, all.body);
    assert.deepEqual((all.json() as { buckets: unknown[] }).buckets, [
      { start: since, counts: { SUCCESS: 9, FAILED: 1 }, p50Ms: 5, p95Ms: 3000 },
      { start: new Date(T0 + HOUR).toISOString(), counts: { SUCCESS: 1 }, p50Ms: 50, p95Ms: 50 },
    ]);

    const onlyTwo = await gw.api(
      'GET',
      `/api/v1/stats/deliveries?bucket=hour&since=${since}&until=${until}&endpointId=${two}`,
    );
    assert.deepEqual(
      (onlyTwo.json() as { buckets: { counts: object }[] }).buckets.map((x) => x.counts),
      [{}, { SUCCESS: 1 }],
    );
    const byApplication = await gw.api(
      'GET',
      `/api/v1/stats/deliveries?bucket=day&since=${since}&until=${until}&applicationId=${application.id}`,
    );
    assert.deepEqual(
      (byApplication.json() as { buckets: { counts: object }[] }).buckets.map((x) => x.counts),
      [{ SUCCESS: 10, FAILED: 1 }],
    );
  });
});
