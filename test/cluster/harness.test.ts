import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type Cluster, clusterSkip, startCluster } from './cluster-harness.ts';

describe('cluster harness', { skip: clusterSkip ?? false }, () => {
  let cluster: Cluster;
  after(() => cluster?.close());

  test('starts instances on one schema that share data, and kills and restarts one', async () => {
    cluster = await startCluster({ instances: 2 });
    const [a, b] = cluster.instances;
    assert.ok(a && b);
    assert.notEqual(a.port, b.port);
    const created = await a.api('POST', '/api/v1/connections', {
      name: 'shared',
      auth: { mode: 'shared_secret' },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = ((await created.json()) as { connection: { id: string } }).connection;
    assert.equal((await b.api('GET', `/api/v1/connections/${id}`)).status, 200, 'b reads what a wrote');
    const rows = await cluster.query<{ n: string }>('select count(*) as n from connections');
    assert.equal(Number(rows[0]?.n), 1, 'the rows are in the cluster schema');

    const port = b.port;
    await b.kill('SIGKILL');
    assert.equal(b.running, false);
    await assert.rejects(fetch(`${b.url}/healthz`));
    await b.restart();
    assert.equal(b.port, port, 'a restart keeps the port');
    assert.equal((await b.api('GET', `/api/v1/connections/${id}`)).status, 200);
    await b.kill('SIGTERM');
    assert.equal(b.running, false);
  });
});
