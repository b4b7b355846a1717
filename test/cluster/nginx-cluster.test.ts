import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { pollUntil } from '../helpers/poll-until.ts';
import { type Cluster, clusterSkip, type GatewayInstance, startCluster } from './cluster-harness.ts';
import { NGINX_BINARY, type Nginx, startNginx } from './nginx.ts';
import { openTail } from './tail-client.ts';

const nginxSkip = existsSync(NGINX_BINARY)
  ? undefined
  : `${NGINX_BINARY} is missing (apt-get install nginx-light)`;
if (nginxSkip !== undefined && process.env.CI === 'true') throw new Error(`${nginxSkip}; CI must install it`);

/** An hmac connection, created through `baseUrl`. */
async function hmacConnection(baseUrl: string, token: string): Promise<{ id: string; secret: string }> {
  const created = await fetch(`${baseUrl}/api/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'behind nginx', auth: { mode: 'hmac', header: 'X-Signature' } }),
  });
  assert.equal(created.status, 201);
  const body = (await created.json()) as { connection: { id: string }; secret: string };
  return { id: body.connection.id, secret: body.secret };
}

/** What a provider got for one event: the acked event id, and how many tries that took. */
interface Delivered {
  readonly key: string;
  readonly eventId: string;
  readonly tries: number;
}

/**
 * Sends one event the way webhook providers do: signed, with its idempotency key, retried (same key)
 * after a 5xx or a network error until it is acknowledged (202, or 200 for a duplicate of an acked one).
 */
async function provide(url: string, secret: string, key: string, data: string): Promise<Delivered> {
  for (let tries = 1; tries <= 40; tries += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-idempotency-key': key,
          'x-signature': createHmac('sha256', secret).update(data).digest('hex'),
        },
        body: data,
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string };
      if ((response.status === 202 || response.status === 200) && body.id) {
        return { key, eventId: body.id, tries };
      }
      assert.ok(response.status >= 500, `a retryable answer, not ${response.status}`);
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`event ${key} was never acknowledged`);
}

describe('3 instances behind a real nginx (round-robin)', { skip: clusterSkip ?? nginxSkip ?? false }, () => {
  let cluster: Cluster;
  let nginx: Nginx;
  before(async () => {
    cluster = await startCluster({ instances: 3 });
    nginx = await startNginx(cluster.instances.map((instance) => instance.port));
  });
  after(async () => {
    await nginx?.close();
    await cluster?.close();
  });

  test('a dashboard-style live tail through nginx sees every row of every instance', async (t) => {
    const connection = await hmacConnection(nginx.url, cluster.adminToken);
    const tail = await openTail(nginx.url, cluster.adminToken);
    t.after(() => tail.close());
    const url = `${nginx.url}/webhooks/in/${connection.id}`;
    const acked = await Promise.all(
      Array.from({ length: 30 }, (_, i) => provide(url, connection.secret, `tail-${i}`, `{"n":${i}}`)),
    );
    for (let i = 0; i < 6; i += 1) {
      const refused = await fetch(url, { method: 'POST', headers: { 'x-signature': 'bad' }, body: '{}' });
      assert.equal(refused.status, 401);
    }
    const rows = await pollUntil(
      () => [...tail.rows.values()].filter((row) => row.connectionId === connection.id),
      (seen) => seen.length >= 36,
      { attempts: 500, intervalMs: 20 },
    );
    assert.equal(rows.length, 36, nginx.errorLog());
    assert.deepEqual(
      rows
        .map((row) => row.eventId)
        .filter((id) => id !== null)
        .sort(),
      acked.map((a) => a.eventId).sort(),
    );
    assert.equal(rows.filter((row) => row.outcome === 'UNAUTHORIZED').length, 6);
  });

  test('a webhook stream through nginx loses nothing while one instance is killed', async (t) => {
    const connection = await hmacConnection(nginx.url, cluster.adminToken);
    const url = `${nginx.url}/webhooks/in/${connection.id}`;
    const total = 300;
    const victim = cluster.instances[1] as GatewayInstance;
    let next = 0;
    const delivered: Delivered[] = [];
    const sender = async (): Promise<void> => {
      while (next < total) {
        const n = next;
        next += 1;
        if (n === Math.floor(total / 3)) void victim.kill('SIGKILL');
        delivered.push(await provide(url, connection.secret, `stream-${n}`, `{"n":${n}}`));
      }
    };
    await Promise.all(Array.from({ length: 6 }, sender));
    assert.equal(victim.running, false, 'the instance was killed during the stream');
    assert.equal(delivered.length, total, 'every event was acknowledged in the end');

    const stored = await cluster.query<{ id: string; idempotency_key: string }>(
      'select id, idempotency_key from events where connection_id = $1',
      [connection.id],
    );
    const byKey = new Map(stored.map((row) => [row.idempotency_key, row.id]));
    assert.equal(stored.length, total, 'one stored event per key: none lost, none twice');
    for (const ack of delivered)
      assert.equal(byKey.get(ack.key), ack.eventId, `${ack.key} is stored as acked`);
    const retried = delivered.filter((d) => d.tries > 1).length;
    t.diagnostic(`events retried by the provider after the kill: ${retried} of ${total}`);
  });
});
