import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/run-cli.ts';
import { testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();

const cli = runCli;

test('CLI: create, list, show, send (every seed mode), history, rotate, delete', async (t) => {
  t.after(() => factory.dispose());
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());

  const modes: [string, string[]][] = [
    ['shared_secret', []],
    ['api_key', ['--format', 'xoxo']],
    ['hmac', ['--auth-header', 'X-Signature-Primary']],
    ['body_hash', []],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-cli-'));
  writeFileSync(join(dir, 'event.json'), JSON.stringify({ orderId: 1, status: 'Delivered' }));
  for (const [mode, flags] of modes) {
    const created = await cli(
      url,
      '--json',
      'connections',
      'create',
      '--name',
      `cli ${mode}`,
      '--mode',
      mode,
      ...flags,
    );
    assert.equal(created.exitCode, 0, created.err);
    const { connection, secret } = JSON.parse(created.out) as {
      connection: { id: string; inboundUrl: string };
      secret: string;
    };
    const inbound = `${url}/webhooks/in/${connection.id}`;
    const sent = await cli(
      url,
      'send',
      inbound,
      '--mode',
      mode,
      '--secret',
      secret,
      '--data',
      `@${join(dir, 'event.json')}`,
      ...flags,
    );
    assert.equal(sent.exitCode, 0, `${mode}: ${sent.out} ${sent.err}`);
    assert.match(sent.out, /^202 /);
    const wrong = await cli(url, 'send', inbound, '--mode', mode, '--secret', `${secret}x`, ...flags);
    assert.equal(wrong.exitCode, 1, `${mode}: a wrong secret is refused`);
    assert.match(wrong.out, /^401 /);
  }

  const listed = await cli(url, 'connections', 'list');
  assert.match(listed.out, /^ID\s+NAME\s+MODE/);
  assert.equal(listed.out.split('\n').length, 5);
  const ids = (
    JSON.parse((await cli(url, '--json', 'connections', 'list')).out) as { items: { id: string }[] }
  ).items.map((c) => c.id);
  const shown = await cli(url, 'connections', 'show', ids[0]!);
  assert.match(shown.out, /secretPreview/);

  const history = await cli(url, 'history', '--outcome', 'UNAUTHORIZED');
  assert.equal(history.out.split('\n').length, 5, 'four UNAUTHORIZED rows and a header');
  const rowsOf = async (...flags: string[]) => {
    const answer = await cli(url, '--json', 'history', ...flags);
    assert.equal(answer.exitCode, 0, answer.err);
    return (JSON.parse(answer.out) as { items: unknown[] }).items.length;
  };
  // The gateway's clock is fixed in the past: every row is older than an hour.
  assert.equal(await rowsOf('--search', 'DELIVERED', '--until', '1h', '--outcome', 'ACCEPTED'), 4);
  assert.equal(await rowsOf('--search', 'delivered zzz', '--outcome', 'ACCEPTED'), 0);
  assert.equal(await rowsOf('--since', '10m'), 0);
  const badTime = await cli(url, 'history', '--since', 'yesterday');
  assert.equal(badTime.exitCode, 1);
  assert.match(badTime.err, /ISO time or a duration/);

  const rotated = await cli(url, 'connections', 'rotate', ids[0]!, '--grace', '60');
  assert.match(rotated.out, /Secret \(shown once, store it now\): [A-Za-z0-9]{64}/);
  const deleted = await cli(url, 'connections', 'delete', ids[0]!);
  assert.equal(deleted.out, `Deleted ${ids[0]}`);
  const missing = await cli(url, 'connections', 'show', ids[0]!);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.err, /NOT_FOUND/);
});

test('CLI: a wrong admin token is reported with the API message', async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const result = await cli(url, '--token', 'not-the-token', 'connections', 'list');
  assert.equal(result.exitCode, 1);
  assert.equal(result.err, 'UNAUTHORIZED: Missing or invalid admin token');
});

test('CLI: connections create takes the generic hmac preset flags, and send signs with them', async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const flags = ['--mode', 'hmac', '--preset', 'github'];
  const created = await cli(url, '--json', 'connections', 'create', '--name', 'gh', ...flags);
  assert.equal(created.exitCode, 0, created.err);
  const { connection, secret } = JSON.parse(created.out) as {
    connection: { id: string; auth: Record<string, unknown> };
    secret: string;
  };
  assert.equal(connection.auth.preset, 'github');
  const inbound = `${url}/webhooks/in/${connection.id}`;
  const sent = await cli(url, 'send', inbound, ...flags, '--secret', secret);
  assert.match(sent.out, /^202 /, sent.err);
  const plain = await cli(url, 'send', inbound, '--mode', 'hmac', '--secret', secret);
  assert.match(plain.out, /^401 /, 'without the preset the signature goes to the wrong header');
});
