import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHttpTransport } from '../../src/delivery/http/http-transport.ts';
import { judgeAddress } from '../../src/delivery/ssrf/address-policy.ts';
import { createDestinationGuard, type Resolver } from '../../src/delivery/ssrf/destination-guard.ts';
import { type Sink, startSink } from './helpers/sink.ts';

/** A resolver over a fixed table (trailing dots ignored, as getaddrinfo does); unknown names fail. */
function tableResolver(table: Record<string, string[]>, calls: string[] = []): Resolver {
  return async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname.replace(/\.$/, '')];
    if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const resolver = tableResolver({
  'example.com': ['93.184.216.34'],
  'v6.example.com': ['2606:2800:220:1:248:1893:25c8:1946'],
  'internal.example': ['10.0.0.5'],
  'rebind.example': ['93.184.216.34', '127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'cgnat.example': ['100.64.1.1'],
});

const BYPASSES = [
  'http://127.0.0.1/',
  'http://2130706433/',
  'http://0177.0.0.1/',
  'http://0x7f.1/',
  'http://0x7f000001/',
  'http://127.1/',
  'http://127.0.0.1./',
  'http://0300.0250.0.1/',
  'http://0.0.0.0/',
  'http://0/',
  'http://[::]/',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fd00:ec2::254]/',
  'http://10.0.0.1/',
  'http://172.16.0.1/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://240.0.0.1/',
  'http://[fe80::1]/',
  'http://[fe80::1%25eth0]/',
  'http://[fc00::1]/',
  'http://[ff02::1]/',
  'http://LOCALHOST/',
  'http://localhost./',
  'http://api.localhost/',
  'http://evil@127.0.0.1/',
  'http://user:pass@example.com/',
  'http://example.com@127.0.0.1/',
  'ftp://example.com/',
  'file:///etc/passwd',
  'gopher://example.com/',
  'http://internal.example/',
  'http://INTERNAL.EXAMPLE./',
  'http://rebind.example/',
  'http://metadata.example/',
  'http://mapped.example/',
  'http://cgnat.example/',
  'not a url',
];

describe('SSRF guard', () => {
  const strict = createDestinationGuard({ allowPrivate: false, resolver });
  const relaxed = createDestinationGuard({ allowPrivate: true, resolver });

  for (const url of BYPASSES) {
    test(`refuses ${url}`, async () => {
      const verdict = await strict.checkUrl(url);
      assert.equal(verdict.ok, false);
      if (!verdict.ok) assert.ok(verdict.message.length > 5);
    });
  }

  test('allows public addresses and names, and names that do not resolve yet', async () => {
    for (const url of [
      'https://example.com/hook',
      'http://93.184.216.34:8080/x',
      'https://v6.example.com/',
      'http://[2606:2800:220:1:248:1893:25c8:1946]/',
      'https://unknown.example/',
    ]) {
      assert.deepEqual(await strict.checkUrl(url), { ok: true }, url);
    }
  });

  test('reasons name the address and its kind', async () => {
    assert.deepEqual(await strict.checkUrl('http://2130706433/'), {
      ok: false,
      message: '127.0.0.1 is a loopback address',
    });
    assert.deepEqual(await strict.checkUrl('http://rebind.example/'), {
      ok: false,
      message: 'rebind.example resolves to 127.0.0.1 is a loopback address',
    });
    assert.deepEqual(await strict.checkUrl('http://[::ffff:7f00:1]/'), {
      ok: false,
      message: '::ffff:7f00:1 embeds 127.0.0.1 is a loopback address',
    });
  });

  test('allowPrivateDestinations opens loopback and private ranges but never metadata or unspecified', async () => {
    for (const url of [
      'http://127.0.0.1:3000/',
      'http://10.0.0.1/',
      'http://internal.example/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      assert.deepEqual(await relaxed.checkUrl(url), { ok: true }, url);
    }
    for (const url of [
      'http://169.254.169.254/',
      'http://[fd00:ec2::254]/',
      'http://0.0.0.0/',
      'http://[::]/',
      'http://224.0.0.1/',
      'http://localhost/',
    ]) {
      assert.equal((await relaxed.checkUrl(url)).ok, false, url);
    }
  });

  test('addresses that are not canonical or carry a zone id are refused', () => {
    for (const address of ['0177.0.0.1', '0x7f.0.0.1', '127.1', 'fe80::1%eth0', 'nonsense']) {
      assert.equal(judgeAddress(address, true).ok, false, address);
    }
  });
});

describe('SSRF guard in the transport', () => {
  let sink: Sink;
  before(async () => {
    sink = await startSink();
  });
  after(() => sink.close());

  test('a refused destination gets no request: literal address and a name resolving to loopback', async (t) => {
    const transport = createHttpTransport({
      guard: createDestinationGuard({
        allowPrivate: false,
        resolver: tableResolver({ 'sink.test': ['127.0.0.1'] }),
      }),
    });
    t.after(() => transport.close());
    for (const url of [
      sink.url,
      `http://sink.test:${sink.port}/hook`,
      `http://evil@127.0.0.1:${sink.port}/`,
    ]) {
      const result = await transport.send({ url, headers: {}, body: '{}' });
      assert.equal(result.kind, 'error');
      if (result.kind === 'error') {
        assert.match(result.error, /^DESTINATION_NOT_ALLOWED: /);
        assert.equal(result.requestSent, false);
      }
    }
    assert.equal(sink.requests.length, 0);
  });

  test('connects to the address the guard judged, resolving once per connection', async (t) => {
    const calls: string[] = [];
    const transport = createHttpTransport({
      guard: createDestinationGuard({
        allowPrivate: true,
        resolver: tableResolver({ 'sink.test': ['127.0.0.1'] }, calls),
      }),
    });
    t.after(() => transport.close());
    const url = `http://sink.test:${sink.port}/hook`;
    const before = sink.requests.length;
    for (let i = 0; i < 5; i += 1) {
      const result = await transport.send({ url, headers: {}, body: '{}' });
      assert.equal(result.kind === 'response' && result.status, 200);
    }
    const connections = new Set(sink.requests.slice(before).map((request) => request.remotePort));
    assert.equal(calls.length, connections.size, 'one resolution per new connection, none per request');
    assert.ok(calls.every((name) => name === 'sink.test'));
    assert.equal(sink.requests.at(-1)?.headers.host, `sink.test:${sink.port}`);
  });
});
