import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildProgram } from '../../src/cli/program.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { ListenError, startGateway } from '../../src/server/start-gateway.ts';
import { DASHBOARD_CSP } from '../../src/server/web-routes.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();
after(() => factory.dispose());

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, lines };
}

/** A TCP server holding a loopback port, as another process would. */
async function occupiedPort(t: { after(fn: () => Promise<void>): void }): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

test('a port in use: a clear message naming the port, and the first-run admin token is not used up', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-port-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await occupiedPort(t);
  const env = { HOOKGATE_HOST: '127.0.0.1', HOOKGATE_DATA_DIR: dataDir };
  const config = (p: number) => {
    const parsed = parseConfig({ ...env, HOOKGATE_PORT: String(p) });
    assert.ok(parsed.ok);
    return parsed.config;
  };
  const printed: string[] = [];
  const quiet = createLogger('silent', sink().stream);
  await assert.rejects(
    startGateway(config(port), { print: (text) => printed.push(text), logger: quiet }),
    (error: unknown) =>
      error instanceof ListenError &&
      error.message.includes(`Port ${port} is already in use`) &&
      error.message.includes('HOOKGATE_PORT'),
  );
  assert.equal(printed.length, 0, 'no token is shown by a start that fails');

  // The CLI prints the message and exits non-zero, without a stack.
  const err: string[] = [];
  let exitCode = 0;
  const program = buildProgram({
    env: { ...env, HOOKGATE_PORT: String(port), HOOKGATE_LOG_LEVEL: 'silent' },
    output: { out: () => {}, err: (text) => err.push(text) },
    fetch,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  await program.parseAsync(['node', 'hookgate', 'start']);
  assert.equal(exitCode, 1);
  assert.match(err.join('\n'), new RegExp(`^Port ${port} is already in use \\(127\\.0\\.0\\.1:${port}\\)`));

  const next = await startGateway(config(0), { print: (text) => printed.push(text), logger: quiet });
  t.after(async () => {
    await next.close();
  });
  const token = /(hgat_[A-Za-z0-9]+)/.exec(printed.join(''))?.[1];
  assert.ok(token, 'the next start prints a token');
  const list = await fetch(`${next.url}/api/v1/connections`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(list.status, 200, 'and that token works');
});

test('dashboard responses carry CSP, nosniff, no-referrer and frame denial; the API is unaffected', async (t) => {
  const webRoot = mkdtempSync(join(tmpdir(), 'hookgate-web-'));
  t.after(() => rmSync(webRoot, { recursive: true, force: true }));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(webRoot, 'app.js'), 'console.log(1)');
  const gateway = await testGateway(await factory.fresh(t), { webRoot });
  for (const url of ['/', '/app.js', '/connections/con_1']) {
    const response = await gateway.app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200, url);
    assert.equal(response.headers['content-security-policy'], DASHBOARD_CSP, url);
    assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(response.headers['referrer-policy'], 'no-referrer', url);
    assert.equal(response.headers['x-frame-options'], 'DENY', url);
  }
  assert.match(DASHBOARD_CSP, /script-src 'self'(;|$)/);
  assert.match(DASHBOARD_CSP, /frame-ancestors 'none'/);
  const api = await gateway.api('GET', '/api/v1/connections');
  assert.equal(api.status, 200);
  await gateway.app.close();
});

test('X-Forwarded-For is believed only from HOOKGATE_TRUSTED_PROXIES', async (t) => {
  const routes = (app: FastifyInstance) => {
    app.get('/test/ip', async (request) => ({ ip: request.ip }));
  };
  const forwarded = (gateway: Awaited<ReturnType<typeof testGateway>>, remoteAddress: string) =>
    gateway.app
      .inject({
        method: 'GET',
        url: '/test/ip',
        remoteAddress,
        headers: { 'x-forwarded-for': '203.0.113.7' },
      })
      .then((response) => (response.json() as { ip: string }).ip);

  const byDefault = await testGateway(await factory.fresh(t), { routes });
  assert.equal(await forwarded(byDefault, '198.51.100.1'), '198.51.100.1', 'nobody is trusted by default');
  await byDefault.app.close();

  const behindProxy = await testGateway(await factory.fresh(t), {
    routes,
    env: { HOOKGATE_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10' },
  });
  assert.equal(await forwarded(behindProxy, '10.1.2.3'), '203.0.113.7', 'a peer in a trusted range');
  assert.equal(await forwarded(behindProxy, '192.0.2.10'), '203.0.113.7', 'a trusted address');
  assert.equal(await forwarded(behindProxy, '198.51.100.1'), '198.51.100.1', 'an untrusted peer is ignored');
  await behindProxy.app.close();

  const invalid = parseConfig({ HOOKGATE_TRUSTED_PROXIES: '10.0.0.0/8,not-an-address' });
  assert.ok(!invalid.ok);
  assert.match(
    invalid.errors.join(),
    /HOOKGATE_TRUSTED_PROXIES.*"not-an-address" is not an IP address or CIDR range/,
  );
});

test('/metrics has the standard process and Node.js metrics', async (t) => {
  const gateway = await testGateway(await factory.fresh(t));
  const metrics = await gateway.api('GET', '/metrics');
  assert.equal(metrics.status, 200);
  for (const name of [
    'process_cpu_seconds_total',
    'process_resident_memory_bytes',
    'process_start_time_seconds',
    'nodejs_eventloop_lag_seconds',
    'nodejs_heap_size_used_bytes',
    'hookgate_inbound_requests_total',
  ]) {
    assert.match(metrics.body, new RegExp(`^# TYPE ${name} `, 'm'), name);
  }
  await gateway.app.close();
});

test('logs: readable lines with HOOKGATE_LOG_FORMAT=pretty, still redacted; an unknown format is refused', () => {
  const { stream, lines } = sink();
  const logger = createLogger('info', stream, 'pretty');
  logger.info({ connectionId: 'con_1', secret: 'do-not-print-me' }, 'hookgate listening');
  const text = lines.join('');
  assert.throws(() => JSON.parse(text), 'not JSON');
  assert.match(text, /INFO.*hookgate listening/);
  assert.match(text, /connectionId: "con_1"/);
  assert.ok(!text.includes('do-not-print-me'));
  assert.match(text, /\[redacted\]/);

  const parsed = parseConfig({ HOOKGATE_LOG_FORMAT: 'pretty' });
  assert.ok(parsed.ok && parsed.config.logFormat === 'pretty');
  assert.ok(!parseConfig({ HOOKGATE_LOG_FORMAT: 'xml' }).ok);
});

test('an aborted upload is logged at info with a plain message, no error line', async (t) => {
  const gateway = await testGateway(await factory.fresh(t));
  const created = await gateway.api('POST', '/api/v1/connections', {
    name: 'aborts',
    auth: { mode: 'shared_secret', secret: 'abort-test-secret-0123' },
  });
  const { id } = (created.json() as { connection: { id: string } }).connection;
  const url = await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  socket.write(
    `POST /webhooks/in/${id} HTTP/1.1\r\nHost: x\r\nx-webhook-secret: abort-test-secret-0123\r\n` +
      'content-length: 100\r\nexpect: 100-continue\r\n\r\n',
  );
  // "100 Continue" means the gateway took the request in; send part of the body, then hang up.
  await new Promise((resolve) => socket.once('data', resolve));
  socket.write('{"a":');
  socket.destroy();
  const parse = () => gateway.logs.map((line) => JSON.parse(line) as { level: number; msg: string });
  const lines = await pollUntil(parse, (parsed) =>
    parsed.some((line) => line.msg.startsWith('upload aborted by the client')),
  );
  const aborted = lines.find((line) => line.msg.startsWith('upload aborted by the client'));
  assert.equal(aborted?.level, 30);
  assert.deepEqual(
    lines.filter((line) => line.level >= 50),
    [],
    'nothing at error level',
  );
  await gateway.app.close();
});
