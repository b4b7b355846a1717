import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import pg from 'pg';
import { pollUntil } from '../helpers/poll-until.ts';
import { runCliWithToken } from '../helpers/run-cli.ts';
import { clusterSkip, type GatewayInstance, startCluster } from './cluster-harness.ts';

const ADMIN_TOKEN_BANNER = 'hookgate admin token';
const DAY_MS = 24 * 3600 * 1000;

/** The admin token an instance printed at its first start, if it printed one. */
function printedToken(instance: GatewayInstance): string | undefined {
  const output = instance.output();
  if (!output.includes(ADMIN_TOKEN_BANNER)) return undefined;
  return output.slice(output.indexOf(ADMIN_TOKEN_BANNER)).match(/\n\s+(\S{16,})\n/)?.[1];
}

describe('cluster maintenance on PostgreSQL', { skip: clusterSkip ?? false }, () => {
  test('three instances started together on an empty database create exactly one admin token', async (t) => {
    // The race itself is provoked in test/gateway/admin-token-race.test.ts; here, real processes.
    const cluster = await startCluster({ instances: 3, env: { HOOKGATE_ADMIN_TOKEN: undefined } });
    t.after(() => cluster.close());
    const printed = cluster.instances.map(printedToken).filter((token) => token !== undefined);
    assert.equal(printed.length, 1, 'one instance prints the token');
    const settings = await cluster.query('select key from settings');
    assert.equal(settings.length, 1);
    for (const instance of cluster.instances) {
      const answer = await fetch(`${instance.url}/api/v1/connections`, {
        headers: { authorization: `Bearer ${printed[0]}` },
      });
      assert.equal(answer.status, 200, `instance ${instance.name} accepts the printed token`);
    }
  });

  test('the retention purge runs on one instance at a time: a held lock makes the others skip it', async (t) => {
    const cluster = await startCluster({ instances: 2 });
    t.after(() => cluster.close());
    const [a, b] = cluster.instances as [GatewayInstance, GatewayInstance];
    const created = await a.api('POST', '/api/v1/connections', {
      name: 'old',
      auth: { mode: 'shared_secret' },
    });
    const { connection, secret } = (await created.json()) as { connection: { id: string }; secret: string };
    const sent = await fetch(`${a.url}/webhooks/in/${connection.id}`, {
      method: 'POST',
      headers: { 'x-webhook-secret': secret },
      body: '{}',
    });
    assert.equal(sent.status, 202);
    const old = Date.now() - 90 * DAY_MS;
    await cluster.query('update history set received_at = $1', [old]);
    await cluster.query('update events set received_at = $1', [old]);

    // The test holds the lock as another instance in the middle of a purge would.
    const holder = new pg.Client({ connectionString: cluster.databaseUrl });
    holder.on('error', () => {});
    await holder.connect();
    t.after(() => holder.end());
    await holder.query('begin');
    await holder.query(`select pg_advisory_xact_lock(hashtext(current_schema() || ':retention'))`);
    await b.kill('SIGTERM');
    await b.restart();
    const skipped = await pollLog(b, 'retention purge skipped');
    assert.ok(skipped, 'the restarted instance skips the purge while the lock is held');
    const kept = await cluster.query('select id from events');
    assert.equal(kept.length, 1, 'nothing was purged meanwhile');

    await holder.query('commit');
    await b.kill('SIGTERM');
    await b.restart();
    assert.ok(await pollLog(b, '"msg":"retention purge"'), 'with the lock free it purges');
    assert.equal((await cluster.query('select id from events')).length, 0);
    assert.equal((await cluster.query('select id from history')).length, 0);
  });

  test('master-key rotation as a rolling restart: old-key instances keep working until the reseal', async (t) => {
    const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const cluster = await startCluster({ instances: 2, env: { HOOKGATE_MASTER_KEY: oldKey } });
    t.after(() => cluster.close());
    const [a, b] = cluster.instances as [GatewayInstance, GatewayInstance];
    const created = await a.api('POST', '/api/v1/connections', {
      name: 'signed',
      auth: { mode: 'hmac', header: 'X-Signature' },
    });
    const { connection, secret } = (await created.json()) as { connection: { id: string }; secret: string };
    const send = async (instance: GatewayInstance) =>
      (
        await fetch(`${instance.url}/webhooks/in/${connection.id}`, {
          method: 'POST',
          headers: { 'x-signature': createHmac('sha256', secret).update('{}').digest('hex') },
          body: '{}',
        })
      ).status;
    assert.equal(await send(b), 202);

    // 1. A restarts with the new key (old one as previous); B still has only the old key.
    await a.kill('SIGTERM');
    await a.restart({ HOOKGATE_MASTER_KEY: newKey, HOOKGATE_MASTER_KEY_PREVIOUS: oldKey });
    assert.equal(await send(a), 202, 'A opens the secret sealed under the old key');
    assert.equal(await send(b), 202, 'A did not re-seal at start: B still opens it');
    const stored = await cluster.query<{ material: string }>(`select material from secret_versions`);
    assert.ok(stored.every((row) => row.material === stored[0]?.material));

    // 2. B restarts with the new key too; then the reseal, through the CLI.
    await b.kill('SIGTERM');
    await b.restart({ HOOKGATE_MASTER_KEY: newKey, HOOKGATE_MASTER_KEY_PREVIOUS: oldKey });
    const resealed = await runCliWithToken(b.url, cluster.adminToken, 'maintenance', 'reseal');
    assert.equal(resealed.exitCode, 0, resealed.out);
    assert.match(resealed.out, /Re-sealed 1 secret version/);
    const again = await a.api('POST', '/api/v1/maintenance/reseal');
    assert.deepEqual(await again.json(), { resealed: 0 });

    // 3. The old key can go.
    for (const instance of [a, b]) {
      await instance.kill('SIGTERM');
      await instance.restart({ HOOKGATE_MASTER_KEY: newKey, HOOKGATE_MASTER_KEY_PREVIOUS: undefined });
      assert.equal(await send(instance), 202, `${instance.name} works with the new key alone`);
    }
  });

  test('a reseal through an instance still on the old key answers 409 and changes nothing', async (t) => {
    const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const cluster = await startCluster({ instances: 2, env: { HOOKGATE_MASTER_KEY: oldKey } });
    t.after(() => cluster.close());
    const [a, b] = cluster.instances as [GatewayInstance, GatewayInstance];
    await a.kill('SIGTERM');
    await a.restart({ HOOKGATE_MASTER_KEY: newKey, HOOKGATE_MASTER_KEY_PREVIOUS: oldKey });
    const created = await a.api('POST', '/api/v1/connections', { name: 'new', auth: { mode: 'hmac' } });
    assert.equal(created.status, 201, 'sealed under the new key, which B does not hold');
    const before = await cluster.query('select id, material from secret_versions order by id');

    const refused = await b.api('POST', '/api/v1/maintenance/reseal');
    assert.equal(refused.status, 409);
    const body = (await refused.json()) as { error: string; message: string };
    assert.equal(body.error, 'CONFLICT');
    assert.match(body.message, /unknown master key/);
    assert.deepEqual(await cluster.query('select id, material from secret_versions order by id'), before);
  });
});

/** Waits until `instance` logged `text`; true when it did. */
async function pollLog(instance: GatewayInstance, text: string): Promise<boolean> {
  const output = await pollUntil(
    () => instance.output(),
    (seen) => seen.includes(text),
    { attempts: 500, intervalMs: 20 },
  );
  return output.includes(text);
}
