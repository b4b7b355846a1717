import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { pollUntil } from '../helpers/poll-until.ts';
import { type Cluster, clusterSkip, type GatewayInstance, startCluster } from './cluster-harness.ts';
import { openTail, spread } from './tail-client.ts';

/** Creates an hmac connection through `instance` (fast to verify: no bcrypt); returns id and secret. */
async function hmacConnection(instance: GatewayInstance): Promise<{ id: string; secret: string }> {
  const created = await instance.api('POST', '/api/v1/connections', {
    name: 'cluster',
    auth: { mode: 'hmac', header: 'X-Signature' },
  });
  assert.equal(created.status, 201);
  const body = (await created.json()) as { connection: { id: string }; secret: string };
  return { id: body.connection.id, secret: body.secret };
}

/** Posts one event to `instance` signed with `secret`; resolves with the status and the JSON answer. */
async function post(instance: GatewayInstance, connectionId: string, secret: string) {
  const body = '{"cluster":true}';
  const response = await fetch(`${instance.url}/webhooks/in/${connectionId}`, {
    method: 'POST',
    headers: {
      'x-signature': createHmac('sha256', secret).update(body).digest('hex'),
      'content-type': 'application/json',
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as { id?: string } };
}

/**
 * Posts to `instance` until it answers `status`; returns the milliseconds that took and every status
 * seen on the way.
 */
async function untilStatus(instance: GatewayInstance, id: string, secret: string, status: number) {
  const started = performance.now();
  const seen = new Set<number>();
  const last = await pollUntil(
    async () => {
      const answer = (await post(instance, id, secret)).status;
      seen.add(answer);
      return answer;
    },
    (answer) => answer === status,
    { attempts: 1000, intervalMs: 2 },
  );
  assert.equal(last, status, `${instance.name} answers ${status}`);
  return { ms: performance.now() - started, seen: [...seen].sort() };
}

describe('cluster signals over PostgreSQL LISTEN/NOTIFY', { skip: clusterSkip ?? false }, () => {
  let cluster: Cluster;
  let a: GatewayInstance;
  let b: GatewayInstance;
  let c: GatewayInstance;
  before(async () => {
    cluster = await startCluster({ instances: 3 });
    [a, b, c] = cluster.instances as [GatewayInstance, GatewayInstance, GatewayInstance];
  });
  after(() => cluster?.close());

  test('the live tail on B shows every row accepted or refused by A and C', async (t) => {
    const connection = await hmacConnection(a);
    const tail = await openTail(b.url, cluster.adminToken);
    t.after(() => tail.close());
    const acked = new Map<string, number>();
    for (let i = 0; i < 10; i += 1) {
      for (const instance of [a, c]) {
        const answer = await post(instance, connection.id, connection.secret);
        assert.equal(answer.status, 202);
        acked.set(answer.body.id ?? '', performance.now());
      }
    }
    for (const instance of [a, c, a, c, a]) {
      assert.equal((await post(instance, connection.id, 'wrong-secret')).status, 401);
    }
    const rows = await pollUntil(
      () => [...tail.rows.values()].filter((row) => row.connectionId === connection.id),
      (seen) => seen.length >= 25,
      { attempts: 500, intervalMs: 20 },
    );
    assert.equal(rows.length, 25, 'every row of the cluster reaches the tail on B');
    assert.equal(rows.filter((row) => row.outcome === 'UNAUTHORIZED').length, 5);
    const accepted = rows.filter((row) => row.eventId !== null);
    assert.deepEqual(accepted.map((row) => row.eventId).sort(), [...acked.keys()].sort());
    const delays = accepted.map((row) => row.arrivedAt - (acked.get(row.eventId ?? '') ?? 0));
    t.diagnostic(`tail delay on B after the 202 from A/C (ms): ${JSON.stringify(spread(delays))}`);
  });

  test('the live tail on B shows the processing outcome C gave a row it accepted', async (t) => {
    const created = await a.api('POST', '/api/v1/connections', {
      name: 'processed',
      auth: { mode: 'hmac', header: 'X-Signature' },
      identifier: { type: 'email', path: '$.email' },
    });
    assert.equal(created.status, 201);
    const { connection, secret } = (await created.json()) as { connection: { id: string }; secret: string };
    const tail = await openTail(b.url, cluster.adminToken);
    t.after(() => tail.close());
    const answer = await post(c, connection.id, secret);
    assert.equal(answer.status, 202);
    const rows = await pollUntil(
      () => [...tail.rows.values()].filter((row) => row.eventId === answer.body.id),
      (seen) => seen.some((row) => row.outcome === 'IDENTIFIER_NOT_FOUND'),
      { attempts: 500, intervalMs: 20 },
    );
    assert.deepEqual(
      rows.map((row) => row.outcome),
      ['IDENTIFIER_NOT_FOUND'],
      'the row as processing left it (no contact has that email)',
    );
  });

  test('rotate, disable and delete through A: B follows, and answers 404 after the delete', async (t) => {
    const connection = await hmacConnection(a);
    assert.equal((await post(b, connection.id, connection.secret)).status, 202, 'B has it cached now');

    const rotated = await a.api('POST', `/api/v1/connections/${connection.id}/rotate`, {});
    assert.equal(rotated.status, 200);
    const { secret } = (await rotated.json()) as { secret: string };
    const newSecret = await untilStatus(b, connection.id, secret, 202);
    assert.equal((await post(b, connection.id, connection.secret)).status, 401, 'B refuses the old one');

    assert.equal(
      (await a.api('PATCH', `/api/v1/connections/${connection.id}`, { enabled: false })).status,
      200,
    );
    const disabled = await untilStatus(b, connection.id, secret, 403);

    assert.equal((await a.api('DELETE', `/api/v1/connections/${connection.id}`)).status, 204);
    const deleted = await untilStatus(b, connection.id, secret, 404);
    assert.deepEqual(
      deleted.seen.filter((status) => status >= 500),
      [],
      'no 5xx from a stale connection whose rows are gone',
    );
    assert.equal((await post(c, connection.id, secret)).status, 404);
    t.diagnostic(
      `invalidation delay on B (ms): rotate ${Math.round(newSecret.ms)}, disable ${Math.round(disabled.ms)}, ` +
        `delete ${Math.round(deleted.ms)}`,
    );
  });
});
