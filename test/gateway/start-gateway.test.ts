import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { parseConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { startGateway } from '../../src/server/start-gateway.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-start-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function config() {
  const parsed = parseConfig({ HOOKGATE_PORT: '0', HOOKGATE_HOST: '127.0.0.1', HOOKGATE_DATA_DIR: dataDir });
  assert.ok(parsed.ok);
  return parsed.config;
}

function quietLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _e, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

test('first start: master key file, admin token printed once and working; a second start prints nothing', async () => {
  const printed: string[] = [];
  const firstLog = quietLogger();
  const first = await startGateway(config(), { print: (t) => printed.push(t), logger: firstLog.logger });
  assert.ok(existsSync(join(dataDir, 'master.key')));
  assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
  assert.equal(printed.length, 1);
  const token = /(hgat_[A-Za-z0-9]+)/.exec(printed[0] ?? '')?.[1];
  assert.ok(token, 'the token is printed');
  assert.ok(!firstLog.lines.join('').includes(token), 'the token is never logged');
  const created = await fetch(`${first.url}/api/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'survivor', auth: { mode: 'shared_secret' } }),
  });
  assert.equal(created.status, 201);
  const { connection, secret } = (await created.json()) as { connection: { id: string }; secret: string };
  await first.close();

  const again: string[] = [];
  const second = await startGateway(config(), { print: (t) => again.push(t), logger: quietLogger().logger });
  assert.deepEqual(again, [], 'the admin token is never printed again');
  const inbound = await fetch(`${second.url}/webhooks/in/${connection.id}`, {
    method: 'POST',
    headers: { 'x-webhook-secret': secret },
    body: '{"ok":true}',
  });
  assert.equal(inbound.status, 202);
  const list = await fetch(`${second.url}/api/v1/connections`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(list.status, 200);
  await second.close();
});
