import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Fastify from 'fastify';
import { parseConfig } from '../../src/config/config.ts';
import { isLoopback, isSecureTransport, transportVerdict } from '../../src/ingest/transport-guard.ts';
import { findScheme, SCHEME_IDS } from '../../src/verify/registry.ts';
import { TEST_TLS_CERT_PATH, TEST_TLS_KEY_PATH } from '../helpers/test-tls.ts';

test('only schemes whose secret travels in a header are guarded; signed and provider modes never', () => {
  const guarded = SCHEME_IDS.filter((mode) => findScheme(mode)?.secretInHeader === true);
  assert.deepEqual(guarded, ['shared_secret', 'api_key']);
  assert.ok(SCHEME_IDS.length > 10, 'the provider catalogue is part of the check');
});

test('the verdict: policy × guarded scheme × secure transport; the transport is not asked when it cannot matter', () => {
  const guarded = { secretInHeader: true };
  const insecure = () => false;
  assert.equal(transportVerdict('warn', guarded, insecure), 'warn');
  assert.equal(transportVerdict('reject', guarded, insecure), 'reject');
  assert.equal(transportVerdict('allow', guarded, insecure), 'ok');
  assert.equal(
    transportVerdict('reject', guarded, () => true),
    'ok',
  );
  const mustNotAsk = () => assert.fail('the transport was looked at');
  assert.equal(transportVerdict('reject', {}, mustNotAsk), 'ok');
  assert.equal(transportVerdict('reject', undefined, mustNotAsk), 'ok');
  assert.equal(transportVerdict('allow', guarded, mustNotAsk), 'ok');
});

test('loopback addresses: 127/8, ::1 and IPv4-mapped; nothing else', () => {
  for (const address of ['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.1']) {
    assert.equal(isLoopback(address), true, address);
  }
  for (const address of ['203.0.113.9', '10.0.0.1', '::ffff:203.0.113.9', 'fe80::1', '', 'localhost']) {
    assert.equal(isLoopback(address), false, address);
  }
});

/**
 * The decision over (peer address, trusted or not, X-Forwarded-For, X-Forwarded-Proto) through Fastify's own
 * `trustProxy` handling, as the gateway configures it. (A TLS socket is covered by the HTTPS listener test.)
 */
const cases: {
  name: string;
  peer: string;
  trusted: string[];
  headers?: Record<string, string>;
  secure: boolean;
}[] = [
  { name: 'direct loopback (local development)', peer: '127.0.0.1', trusted: [], secure: true },
  { name: 'direct IPv6 loopback', peer: '::1', trusted: [], secure: true },
  { name: 'direct remote over plain HTTP', peer: '203.0.113.9', trusted: [], secure: false },
  {
    name: "an untrusted remote peer's X-Forwarded-Proto: https is ignored",
    peer: '203.0.113.9',
    trusted: [],
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '127.0.0.1' },
    secure: false,
  },
  {
    name: "an untrusted loopback peer's forwarded remote client is ignored: still direct loopback",
    peer: '127.0.0.1',
    trusted: [],
    headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.9' },
    secure: true,
  },
  {
    name: 'trusted proxy, remote client, X-Forwarded-Proto: http',
    peer: '127.0.0.1',
    trusted: ['127.0.0.1'],
    headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.9' },
    secure: false,
  },
  {
    name: 'trusted proxy, remote client, no X-Forwarded-Proto (the socket is plain)',
    peer: '127.0.0.1',
    trusted: ['127.0.0.1'],
    headers: { 'x-forwarded-for': '203.0.113.9' },
    secure: false,
  },
  {
    name: 'trusted proxy, remote client, X-Forwarded-Proto: https',
    peer: '127.0.0.1',
    trusted: ['127.0.0.1'],
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
    secure: true,
  },
  {
    name: 'trusted proxy subnet, remote client, X-Forwarded-Proto: https',
    peer: '10.1.2.3',
    trusted: ['10.0.0.0/8'],
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
    secure: true,
  },
  {
    name: 'trusted proxy relaying a loopback client over plain HTTP',
    peer: '10.1.2.3',
    trusted: ['10.0.0.0/8'],
    headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': '127.0.0.1' },
    secure: true,
  },
  {
    name: 'a peer outside the trusted list is not believed',
    peer: '192.0.2.50',
    trusted: ['10.0.0.0/8'],
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
    secure: false,
  },
];

for (const { name, peer, trusted, headers, secure } of cases) {
  test(`transport: ${name} → ${secure ? 'secure' : 'insecure'}`, async (t) => {
    const app = Fastify({ trustProxy: trusted.length > 0 ? trusted : false });
    app.get('/', async (request) => ({ secure: isSecureTransport(request) }));
    t.after(() => app.close());
    const response = await app.inject({
      method: 'GET',
      url: '/',
      remoteAddress: peer,
      headers: headers ?? {},
    });
    assert.deepEqual(response.json(), { secure });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'hookgate-tls-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('config: TLS files are both or neither, readable, and a matching pair; the policy defaults to warn', () => {
  const none = parseConfig({});
  assert.ok(none.ok);
  assert.equal(none.config.tls, undefined);
  assert.equal(none.config.insecureTransport, 'warn');

  const both = parseConfig({
    HOOKGATE_TLS_CERT: TEST_TLS_CERT_PATH,
    HOOKGATE_TLS_KEY: TEST_TLS_KEY_PATH,
    HOOKGATE_INSECURE_TRANSPORT: 'reject',
  });
  assert.ok(both.ok);
  assert.match(both.config.tls?.cert.toString() ?? '', /BEGIN CERTIFICATE/);
  assert.equal(both.config.insecureTransport, 'reject');

  const certOnly = parseConfig({ HOOKGATE_TLS_CERT: TEST_TLS_CERT_PATH });
  assert.ok(!certOnly.ok);
  assert.match(certOnly.errors.join('\n'), /^HOOKGATE_TLS_KEY: is required/);
  const keyOnly = parseConfig({ HOOKGATE_TLS_KEY: TEST_TLS_KEY_PATH });
  assert.ok(!keyOnly.ok);
  assert.match(keyOnly.errors.join('\n'), /^HOOKGATE_TLS_CERT: is required/);

  const missing = join(dir, 'missing-key.pem');
  const unreadable = parseConfig({ HOOKGATE_TLS_CERT: TEST_TLS_CERT_PATH, HOOKGATE_TLS_KEY: missing });
  assert.ok(!unreadable.ok);
  assert.deepEqual(unreadable.errors, [`HOOKGATE_TLS_KEY: cannot read ${missing} (ENOENT)`]);

  const otherKey = join(dir, 'other-key.pem');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(otherKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const mismatched = parseConfig({ HOOKGATE_TLS_CERT: TEST_TLS_CERT_PATH, HOOKGATE_TLS_KEY: otherKey });
  assert.ok(!mismatched.ok);
  assert.match(mismatched.errors.join('\n'), /not a usable PEM certificate and key/);
  assert.ok(!mismatched.errors.join('\n').includes('PRIVATE KEY'), 'no key material in the error');

  const badPolicy = parseConfig({ HOOKGATE_INSECURE_TRANSPORT: 'ignore' });
  assert.ok(!badPolicy.ok);
  assert.match(badPolicy.errors.join('\n'), /HOOKGATE_INSECURE_TRANSPORT/);
});
