import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { startSink } from '../delivery/helpers/sink.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();

test('CLI outbound: applications, endpoints, publish, list, attempts, replay', async (t) => {
  t.after(() => factory.dispose());
  const sink = await startSink();
  t.after(() => sink.close());
  const gw = await testGateway(await factory.fresh(t), {
    workers: true,
    startAt: Date.now(),
    env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true' },
  });
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const cli = (...args: string[]) => runCli(url, ...args);
  const ok = async (...args: string[]) => {
    const run = await cli(...args);
    assert.equal(run.exitCode, 0, `${args.join(' ')}: ${run.err}`);
    return run;
  };

  const app = JSON.parse((await ok('--json', 'applications', 'create', '--name', 'Acme')).out) as {
    application: { id: string };
    secret: string;
  };
  assert.ok(app.secret.length >= 32, 'a generated signing secret, shown once');
  const listedApps = await ok('applications', 'list');
  assert.match(listedApps.out, new RegExp(app.application.id));
  assert.ok(!listedApps.out.includes(app.secret), 'the secret is shown once only');

  const created = await ok(
    'endpoints',
    'create',
    app.application.id,
    '--endpoint-url',
    sink.url,
    '--signing',
    'standard_webhooks',
  );
  const endpointId = /Created (ep_\w+)/.exec(created.out)?.[1];
  assert.ok(endpointId, created.out);
  assert.match((await ok('endpoints', 'list', app.application.id)).out, /standard_webhooks/);

  const published = await ok(
    'messages',
    'publish',
    '--app',
    app.application.id,
    '--type',
    'order.paid',
    '--data',
    '{"id":42}',
    '--idempotency-key',
    'order-42',
  );
  const messageId = /Published (msg_\w+) \(order\.paid\)/.exec(published.out)?.[1];
  assert.ok(messageId, published.out);
  const delivered = await sink.next();
  const envelope = new Webhook(app.secret).verify(
    delivered.body,
    delivered.headers as Record<string, string>,
  ) as {
    type: string;
    data: unknown;
  };
  assert.deepEqual([envelope.type, envelope.data], ['order.paid', { id: 42 }]);

  const again = await ok(
    'messages',
    'publish',
    '--app',
    app.application.id,
    '--type',
    'order.paid',
    '--data',
    '{"id":42}',
    '--idempotency-key',
    'order-42',
  );
  assert.match(again.out, new RegExp(`Duplicate: ${messageId}`));
  assert.match((await ok('messages', 'list', '--app', app.application.id)).out, new RegExp(messageId));

  // The attempt is written once the sink's answer is back; the worker does that in the background.
  const attempts = await pollUntil(
    async () => (await ok('messages', 'attempts', messageId)).out,
    (out) => out.includes('SUCCESS'),
  );
  assert.match(attempts, new RegExp(`${endpointId}.*SUCCESS.*200`));

  assert.match((await ok('messages', 'replay', messageId, endpointId)).out, /queued/);
  const replayed = await sink.next();
  assert.equal(
    replayed.headers['webhook-id'],
    delivered.headers['webhook-id'],
    'a replay keeps the message id',
  );
  assert.equal(sink.requests.length, 2, 'the duplicate publish delivered nothing');
});

test('CLI outbound: bad data is refused before sending, API errors exit 1 with the message', async (t) => {
  t.after(() => factory.dispose());
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const notJson = await runCli(
    url,
    'messages',
    'publish',
    '--app',
    'app_x',
    '--type',
    't',
    '--data',
    '{not json',
  );
  assert.equal(notJson.exitCode, 1);
  assert.match(notJson.err, /--data must be JSON/);
  const unknown = await runCli(
    url,
    'messages',
    'publish',
    '--app',
    'app_missing',
    '--type',
    't',
    '--data',
    '{}',
  );
  assert.equal(unknown.exitCode, 1);
  assert.match(unknown.err, /app_missing|not found/i);
  const noEndpoint = await runCli(url, 'messages', 'replay', 'msg_missing', 'ep_missing');
  assert.equal(noEndpoint.exitCode, 1);
  assert.notEqual(noEndpoint.err, '');
});
