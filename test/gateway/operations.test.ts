import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { parseConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { runRetention } from '../../src/server/retention.ts';
import { startGateway } from '../../src/server/start-gateway.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();
after(() => factory.dispose());
const DAY = 24 * 3600 * 1000;
const silent = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

function configFor(env: Record<string, string>) {
  const parsed = parseConfig({
    HOOKGATE_PORT: '0',
    HOOKGATE_HOST: '127.0.0.1',
    HOOKGATE_ADMIN_TOKEN: 'ops-admin-token-0123456789',
    ...env,
  });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join());
  return parsed.config;
}

test('master key rotation: secrets sealed under the previous key still verify, and are re-sealed by the reseal step', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-keys-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const [k1, k2] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
  const admin = { authorization: 'Bearer ops-admin-token-0123456789', 'content-type': 'application/json' };
  const startWith = (keys: Record<string, string>) =>
    startGateway(configFor({ HOOKGATE_DATA_DIR: dataDir, ...keys }), { logger: silent() });
  const first = await startWith({ HOOKGATE_MASTER_KEY: k1 });
  const created = await fetch(`${first.url}/api/v1/connections`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ name: 'flintn', auth: { mode: 'hmac', header: 'X-Signature-Primary' } }),
  });
  const { connection, secret } = (await created.json()) as { connection: { id: string }; secret: string };
  await first.close();
  const send = (url: string) =>
    fetch(`${url}/webhooks/in/${connection.id}`, {
      method: 'POST',
      headers: { 'x-signature-primary': createHmac('sha256', secret).update('{}').digest('hex') },
      body: '{}',
    });

  await assert.rejects(
    startWith({ HOOKGATE_MASTER_KEY: k2 }),
    /unknown master key/,
    'a wrong master key stops the start instead of serving connections it cannot verify',
  );

  const rotating = await startWith({ HOOKGATE_MASTER_KEY: k2, HOOKGATE_MASTER_KEY_PREVIOUS: k1 });
  assert.equal((await send(rotating.url)).status, 202);
  await rotating.close();
  await assert.rejects(
    startWith({ HOOKGATE_MASTER_KEY: k2 }),
    /unknown master key/,
    'a start no longer re-seals: without the reseal step the old key is still needed',
  );

  const resealing = await startWith({ HOOKGATE_MASTER_KEY: k2, HOOKGATE_MASTER_KEY_PREVIOUS: k1 });
  const reseal = () =>
    fetch(`${resealing.url}/api/v1/maintenance/reseal`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    });
  const resealed = await reseal();
  assert.equal(resealed.status, 200);
  assert.deepEqual(await resealed.json(), { resealed: 1 });
  assert.deepEqual(await (await reseal()).json(), { resealed: 0 }, 'a second reseal finds nothing to do');
  await resealing.close();
  const rotated = await startWith({ HOOKGATE_MASTER_KEY: k2 });
  assert.equal((await send(rotated.url)).status, 202, 'after the reseal the old key is no longer needed');
  await rotated.close();
});

test('PostgreSQL without HOOKGATE_MASTER_KEY refuses to start with a clear message', async () => {
  const config = configFor({
    HOOKGATE_DATA_DIR: '/nonexistent',
    HOOKGATE_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  });
  await assert.rejects(
    startGateway(config, { logger: silent() }),
    /HOOKGATE_MASTER_KEY is required with PostgreSQL/,
  );
});

test('retention purges history and events after HOOKGATE_RETENTION_DAYS, idempotency keys after theirs', async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const conn = await createConnection(gw, { mode: 'shared_secret' });
  const send = () =>
    gw.app.inject({
      method: 'POST',
      url: conn.path,
      headers: { 'x-webhook-secret': conn.secret!, 'x-idempotency-key': 'k1' },
      payload: '{}',
    });
  const eventId = (await send()).json().id as string;
  const policy = { retentionDays: 30, idempotencyRetentionDays: 7 };

  gw.clock.advance(7 * DAY + 1);
  await runRetention(gw.store, gw.clock, policy);
  assert.equal((await gw.api('GET', `/api/v1/events/${eventId}`)).status, 200, 'the event outlives its key');
  const reused = await send();
  assert.equal(reused.statusCode, 202, 'a key older than its retention is forgotten');

  gw.clock.advance(23 * DAY);
  await runRetention(gw.store, gw.clock, policy);
  assert.equal((await gw.api('GET', `/api/v1/events/${eventId}`)).status, 404);
  const rows = (await gw.api('GET', '/api/v1/history')).json() as { items: { eventId: string }[] };
  assert.deepEqual(
    rows.items.map((r) => r.eventId),
    [reused.json().id],
    'only the younger request remains',
  );
});

test('a truncated body and oversized headers get a 4xx and a history row; the server keeps serving', async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const conn = await createConnection(gw, { mode: 'shared_secret' });
  const url = new URL(await gw.app.listen({ port: 0, host: '127.0.0.1' }));
  t.after(() => gw.app.close());
  const raw = (text: string, close: boolean) =>
    new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => {
        answer += d.toString();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', () => resolve(answer));
      socket.write(text, () => {
        if (close) socket.end();
      });
      setTimeout(() => socket.destroy(), 2000).unref();
    });

  const nextRow = () =>
    new Promise<void>((resolve) => {
      const stop = gw.historyBus.subscribe(() => {
        stop();
        resolve();
      });
    });
  const truncatedRow = nextRow();
  await raw(
    `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nx-webhook-secret: ${conn.secret}\r\ncontent-length: 100\r\n\r\n{"half":`,
    true,
  );
  await truncatedRow;
  const overflowRow = nextRow();
  const huge = await raw(
    `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\ncontent-length: 2\r\n\r\n{}`,
    false,
  );
  assert.match(huge, /^HTTP\/1\.1 431 /);
  assert.match(huge, /"error":"HEADERS_TOO_LARGE"/);
  await overflowRow;

  const rows = (await gw.api('GET', `/api/v1/history?connectionId=${conn.id}`)).json() as {
    items: { outcome: string; message: string }[];
  };
  assert.deepEqual(
    rows.items.map((r) => [r.outcome, r.message]),
    [
      ['ERROR', 'HEADERS_TOO_LARGE: Request headers exceed the 16 KB limit'],
      ['INVALID_JSON', 'INVALID_JSON: Request body was truncated (client aborted)'],
    ],
  );
  const after = await fetch(`${url.origin}${conn.path}`, {
    method: 'POST',
    headers: { 'x-webhook-secret': conn.secret! },
    body: '{}',
  });
  assert.equal(after.status, 202);
});
