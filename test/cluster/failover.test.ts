import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pollUntil } from '../helpers/poll-until.ts';
import { type Cluster, clusterSkip, type GatewayInstance, startCluster } from './cluster-harness.ts';

/** The bound: a dead instance's work is picked up by the others within this long. */
const FAILOVER_BOUND_MS = 20_000;

/** Polls the database every 100 ms for up to 60 s (a loaded CI machine is slow; the bound is asserted apart). */
const SLOW_POLL = { attempts: 600, intervalMs: 100 };

/** One request the receiver got: when, on which path (one per test), and which event (stable across attempts). */
interface Arrival {
  readonly at: number;
  readonly path: string;
  readonly eventId: string;
}

/**
 * A receiver on 127.0.0.1 that records every request and, while `holding`, keeps requests open (a slow
 * receiver: the sending instance holds their leases); otherwise it answers 200 (after `delays` of its path). It also
 * counts the requests it has open at once.
 */
async function startReceiver() {
  const open = new Map<string, Set<ServerResponse>>();
  const state = {
    url: (path: string) => `${base}/${path}`,
    holding: false,
    /** Answer delay per path (a slow receiver), in ms. */
    delays: new Map<string, number>(),
    /** Most requests held open at once, per path. */
    peak: new Map<string, number>(),
    arrivals: [] as Arrival[],
    /** The requests that came to `path`. */
    at: (path: string) => state.arrivals.filter((arrival) => arrival.path === `/${path}`),
  };
  let base = '';
  const server = createServer((request, response) => {
    request.resume();
    const eventId = String(request.headers['x-hookgate-event-id']);
    state.arrivals.push({ at: Date.now(), path: request.url ?? '', eventId });

    const path = request.url ?? '';
    const pending = open.get(path) ?? new Set<ServerResponse>();
    open.set(path, pending);
    pending.add(response);
    state.peak.set(path, Math.max(state.peak.get(path) ?? 0, pending.size));
    response.on('close', () => pending.delete(response));
    if (state.holding) return;
    setTimeout(() => {
      pending.delete(response);
      response.writeHead(200).end('ok');
    }, state.delays.get(path) ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { state, close };
}

/** The JSON answer of an admin call that must succeed with `status`. */
async function call<T>(instance: GatewayInstance, method: string, path: string, body: unknown, status = 201) {
  const response = await instance.api(method, path, body);
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** An application with one endpoint to the receiver; `limits` are the endpoint's rateLimit / maxConcurrency. */
async function endpointTo(instance: GatewayInstance, url: string, limits: Record<string, number> = {}) {
  const { application } = await call<{ application: { id: string } }>(
    instance,
    'POST',
    '/api/v1/applications',
    { name: 'receiver' },
  );
  const { endpoint } = await call<{ endpoint: { id: string } }>(
    instance,
    'POST',
    `/api/v1/applications/${application.id}/endpoints`,
    { url, ...limits },
  );
  return { applicationId: application.id, endpointId: endpoint.id };
}

async function publish(instance: GatewayInstance, applicationId: string, n: number): Promise<string> {
  const body = { applicationId, type: 'order.updated', data: { n } };
  const published = await call<{ message: { id: string } }>(instance, 'POST', '/api/v1/messages', body, 202);
  return published.message.id;
}

/** Per event id, the arrival times in order. */
function byEvent(arrivals: readonly Arrival[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const arrival of arrivals) out.set(arrival.eventId, [...(out.get(arrival.eventId) ?? []), arrival.at]);
  return out;
}

describe('cluster failover and limits with 3 real gateway processes', { skip: clusterSkip ?? false }, () => {
  let cluster: Cluster;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver();
    cluster = await startCluster({ instances: 3 });
  });
  beforeEach(async () => {
    receiver.state.holding = false;
    receiver.state.delays.clear();
    for (const instance of cluster.instances) if (!instance.running) await instance.restart();
  });
  after(async () => {
    await cluster?.close();
    await receiver?.close();
  });

  test('kill -9 of the instance holding deliveries: the others send them within 20 s, same event ids', async (t) => {
    const [a] = cluster.instances as [GatewayInstance];
    receiver.state.holding = true;
    const { applicationId, endpointId } = await endpointTo(a, receiver.state.url('deliveries'));
    const count = 10;
    for (let n = 0; n < count; n += 1) await publish(a, applicationId, n);
    await pollUntil(
      () => receiver.state.at('deliveries').length,
      (arrived) => arrived >= count,
      SLOW_POLL,
    );
    const owners = await cluster.query<{ owners: string; leased: string }>(
      `select count(distinct lease_owner) as owners, count(*) filter (where lease_token is not null) as leased
         from delivery_jobs where endpoint_id = $1`,
      [endpointId],
    );
    assert.deepEqual(owners, [{ owners: '1', leased: String(count) }], 'a holds every lease, in flight');

    receiver.state.holding = false;
    await a.kill('SIGKILL');
    const killedAt = Date.now();
    const states = await pollUntil(
      () =>
        cluster.query<{ state: string; n: string }>(
          'select state, count(*) as n from delivery_jobs where endpoint_id = $1 group by state',
          [endpointId],
        ),
      (rows) => rows.length === 1 && rows[0]?.state === 'SUCCESS',
      SLOW_POLL,
    );
    assert.deepEqual(states, [{ state: 'SUCCESS', n: String(count) }]);
    const events = byEvent(receiver.state.at('deliveries'));
    assert.equal(events.size, count, 'the retries carry the same event ids');
    const resent = [...events.values()].map((times) => (times[1] ?? Number.POSITIVE_INFINITY) - killedAt);
    const failoverMs = Math.max(...resent);
    t.diagnostic(
      `deliveries: last of ${count} re-sent ${failoverMs} ms after kill -9 (first ${Math.min(...resent)} ms)`,
    );
    assert.ok(failoverMs <= FAILOVER_BOUND_MS, `re-sent within ${FAILOVER_BOUND_MS} ms (took ${failoverMs})`);
  });

  test('kill -9 of the instance processing events: the others take the claims over within 20 s, one outcome each', async (t) => {
    const [a] = cluster.instances as [GatewayInstance];
    const { endpointId } = await endpointTo(a, receiver.state.url('processing'));
    const created = await call<{ connection: { id: string }; secret: string }>(
      a,
      'POST',
      '/api/v1/connections',
      {
        name: 'orders',
        auth: { mode: 'shared_secret' },
      },
    );
    const connectionId = created.connection.id;
    // A transform that takes a noticeable time (well under its 1 s limit), so a is killed mid-batch.
    await call(a, 'POST', '/api/v1/flows', {
      name: 'relay',
      trigger: { type: 'webhook_received', connectionId },
      transform: '( $w := $sum([1..10].($sum([1..50000]))); { "n": n, "w": $w } )',
      actions: [{ type: 'deliver', endpointId }],
    });
    const count = 40;
    const statuses = await Promise.all(
      Array.from({ length: count }, (_, n) =>
        fetch(`${a.url}/webhooks/in/${connectionId}`, {
          method: 'POST',
          headers: { 'x-webhook-secret': created.secret, 'content-type': 'application/json' },
          body: JSON.stringify({ n }),
        }).then((response) => response.status),
      ),
    );
    assert.deepEqual(new Set(statuses), new Set([202]));
    const jobs = () =>
      cluster.query<{ total: string; running: string; retaken: string }>(
        `select count(*) as total, count(*) filter (where state = 'running') as running,
                count(*) filter (where attempts > 1) as retaken
           from processing_jobs where connection_id = $1`,
        [connectionId],
      );
    const claimed = await pollUntil(
      jobs,
      ([row]) => Number(row?.total) === count && Number(row?.running) > 0,
      { attempts: 2000, intervalMs: 5 },
    );
    assert.equal(Number(claimed[0]?.total), count, 'a claimed every event');
    assert.ok(Number(claimed[0]?.running) > 0, 'a is mid-batch');
    await a.kill('SIGKILL');
    const killedAt = Date.now();
    const left = Number((await jobs())[0]?.running);

    const retaken = await pollUntil(jobs, ([row]) => Number(row?.retaken) > 0, SLOW_POLL);
    const pickedUpMs = Date.now() - killedAt;
    assert.ok(Number(retaken[0]?.retaken) > 0);
    const done = await pollUntil(jobs, ([row]) => Number(row?.running) === 0, SLOW_POLL);
    const finishedMs = Date.now() - killedAt;
    t.diagnostic(
      `processing: ${left} claims left running by a; taken over ${pickedUpMs} ms after kill -9, all done after ${finishedMs} ms`,
    );
    assert.equal(Number(done[0]?.running), 0);
    assert.ok(
      pickedUpMs <= FAILOVER_BOUND_MS,
      `claims taken over within ${FAILOVER_BOUND_MS} ms (took ${pickedUpMs})`,
    );

    // One outcome per event, whoever processed it. (A run may fail — its transform timing out on a loaded
    // machine gives outcome ERROR and no message — but never twice, and never with two results.)
    const outcomes = await cluster.query<{ rows: string; events: string; open: string; runs: string }>(
      `select count(*) as rows, count(distinct h.event_id) as events,
              count(*) filter (where j.state is distinct from 'done') as open,
              (select count(*) from processing_runs r where r.connection_id = $1) as runs
         from history h left join processing_jobs j on j.event_id = h.event_id
        where h.connection_id = $1`,
      [connectionId],
    );
    assert.deepEqual(
      outcomes,
      [{ rows: String(count), events: String(count), open: '0', runs: String(count) }],
      'one history row, one finished job and one flow run per event',
    );
    const messages = await cluster.query<{ sources: string; messages: string; succeeded: string }>(
      `select count(distinct m.source_event_id) as sources, count(*) as messages,
              (select count(*) from processing_runs r where r.connection_id = $1 and r.status = 'succeeded')
                as succeeded
         from delivery_messages m where m.connection_id = $1`,
      [connectionId],
    );
    const [published] = messages;
    assert.equal(published?.messages, published?.sources, 'never two messages for one event');
    assert.equal(published?.messages, published?.succeeded, 'one message per succeeded run');
    const expected = Number(published?.messages);
    t.diagnostic(`processing: ${expected} of ${count} runs succeeded and published`);
    assert.ok(expected >= count / 2, 'most runs succeeded');
    const delivered = await pollUntil(
      () => byEvent(receiver.state.at('processing')).size,
      (events) => events === expected,
      SLOW_POLL,
    );
    assert.equal(delivered, expected, 'every message delivered at least once');
  });

  test('rateLimit 10/s and maxConcurrency 2 hold for 3 instances together', async (t) => {
    const instances = cluster.instances;
    const [a] = instances as [GatewayInstance];
    receiver.state.delays.set('/slow', 300);
    const rated = await endpointTo(a, receiver.state.url('rated'), { rateLimit: 10 });
    const capped = await endpointTo(a, receiver.state.url('slow'), { maxConcurrency: 2 });
    // Enough requests (10 s worth) that the send jitter of the first and last does not skew the rate.
    const count = 100;
    // Published all at once through every instance, so the queue holds a backlog the limits must pace.
    await Promise.all(
      Array.from({ length: count }, async (_, n) => {
        const via = instances[n % instances.length] as GatewayInstance;
        await publish(via, rated.applicationId, n);
        if (n < 30) await publish(via, capped.applicationId, n);
      }),
    );
    const publishedAt = Date.now();
    for (const { endpointId } of [rated, capped]) {
      const states = await pollUntil(
        () =>
          cluster.query<{ state: string }>(
            'select distinct state from delivery_jobs where endpoint_id = $1',
            [endpointId],
          ),
        (rows) => rows.length === 1 && rows[0]?.state === 'SUCCESS',
        SLOW_POLL,
      );
      assert.deepEqual(states, [{ state: 'SUCCESS' }]);
    }
    const times = receiver.state
      .at('rated')
      .map((arrival) => arrival.at)
      .sort((x, y) => x - y);
    // Measured in steady state: from a second after the last publish (the bucket's first burst is spent and
    // this process is no longer busy publishing) to the last request.
    const windowStart = publishedAt + 1000;
    const last = times[times.length - 1] as number;
    const inWindow = times.filter((at) => at > windowStart).length;
    const rate = (inWindow * 1000) / (last - windowStart);
    const peak = receiver.state.peak.get('/slow') ?? 0;
    t.diagnostic(
      `limits: ${inWindow} requests in ${last - windowStart} ms of steady state: ${rate.toFixed(2)}/s for ` +
        `rateLimit 10; ` +
        `peak ${peak} in flight for maxConcurrency 2`,
    );
    assert.equal(times.length, count);
    assert.ok(peak <= 2, `never more than 2 in flight (peak ${peak})`);
    assert.ok(inWindow >= 30, `a steady state long enough to measure (${inWindow} requests)`);
    // The ±10 % accuracy is asserted with an injected clock (endpoint-limits.test.ts); here, with real time
    // on a shared machine, the receiver's clock reads are noisy: the bound only tells "cluster-wide" (10/s)
    // from "per instance" (30/s), and the measured figure is reported above.
    assert.ok(rate <= 10 * 1.5, `cluster-wide 10/s, not 10/s per instance (measured ${rate.toFixed(2)}/s)`);
  });
});
