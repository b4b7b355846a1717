import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/run-cli.ts';
import { testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();

test('CLI: templates lists the senders; connections create --template makes a working connection', async (t) => {
  t.after(() => factory.dispose());
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());

  const listed = await runCli(url, 'templates');
  assert.equal(listed.exitCode, 0, listed.err);
  assert.match(listed.out, /xoxo\s+Xoxo order status\s+api_key\s+generated/);
  assert.match(listed.out, /flintn\s+Flintn\s+hmac\s+from the sender \(--secret\)/);

  const created = await runCli(
    url,
    '--json',
    'connections',
    'create',
    '--name',
    'orders',
    '--template',
    'xoxo',
  );
  assert.equal(created.exitCode, 0, created.err);
  const { connection, secret } = JSON.parse(created.out) as {
    connection: { id: string; auth: Record<string, unknown> };
    secret: string;
  };
  assert.deepEqual(connection.auth, { mode: 'api_key', header: 'x-api-key', format: 'xoxo' });
  const sent = await fetch(`${url}/webhooks/in/${connection.id}`, {
    method: 'POST',
    headers: { 'x-api-key': secret, 'content-type': 'application/json' },
    body: '{"id":1,"data":{"orderId":2,"deliveryStatus":"Delivered"}}',
  });
  assert.equal(sent.status, 202);

  const flintn = await runCli(url, 'connections', 'create', '--name', 'f', '--template', 'flintn');
  assert.notEqual(flintn.exitCode, 0);
  assert.match(flintn.err, /auth\.secret: is required for Flintn/);

  const neither = await runCli(url, 'connections', 'create', '--name', 'x');
  assert.notEqual(neither.exitCode, 0);
  assert.match(neither.err, /Give --mode <mode> or --template <id>/);
});

test('CLI: connections list --rotation-due and show name the secret’s age', async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const created = await runCli(
    url,
    '--json',
    'connections',
    'create',
    '--name',
    'old',
    '--mode',
    'shared_secret',
  );
  const { connection } = JSON.parse(created.out) as { connection: { id: string } };

  const none = await runCli(url, 'connections', 'list', '--rotation-due');
  assert.equal(none.exitCode, 0, none.err);
  assert.doesNotMatch(none.out, new RegExp(connection.id));
  gw.clock.advance(91 * 86_400_000);
  const due = await runCli(url, 'connections', 'list', '--rotation-due');
  assert.match(due.out, new RegExp(connection.id));

  const app = await runCli(url, '--json', 'applications', 'create', '--name', 'acme');
  const { application } = JSON.parse(app.out) as { application: { id: string } };
  assert.doesNotMatch((await runCli(url, 'applications', 'list', '--rotation-due')).out, /app_/);
  gw.clock.advance(91 * 86_400_000);
  const dueApps = await runCli(url, 'applications', 'list', '--rotation-due');
  assert.match(dueApps.out, /^ID\s+NAME\s+CREATED AT\s+ROTATION DUE AT\n/);
  assert.match(dueApps.out, new RegExp(application.id));

  const shown = await runCli(url, 'connections', 'show', connection.id);
  assert.match(shown.out, /rotationDueAt\s+2026-04-15T12:00:00\.000Z/);
  assert.match(shown.out, /previousSecretExpiresAt\s+-/);
});
