import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { Agent, request } from 'undici';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';
import { TEST_TLS_CA, TEST_TLS_CERT_PATH, TEST_TLS_KEY_PATH } from '../helpers/test-tls.ts';
import { eventRecord, historyRecord } from '../store/fixtures.ts';

const body = JSON.stringify({ orderId: 12345, deliveryStatus: 'Delivered' });

interface HistoryView {
  id: string;
  outcome: string;
  message: string | null;
  warnings: string[];
}

/** A gateway listening on a real 127.0.0.1 socket (HTTP, or HTTPS with the test certificate). */
async function listening(
  fresh: Parameters<Parameters<typeof forEachStore>[1]>[0],
  t: { after(fn: () => Promise<void>): void },
  env: Record<string, string>,
): Promise<{ gw: TestGateway; url: string }> {
  const gw = await testGateway(await fresh(t), { env });
  t.after(() => gw.app.close());
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  return { gw, url };
}

/** Posts `body` to the inbound path over a real socket; `ca` trusts the test certificate for https. */
async function post(url: string, path: string, headers: Record<string, string>, dispatcher?: Agent) {
  const response = await request(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    ...(dispatcher && { dispatcher }),
  });
  return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
}

/** The connection's newest history row, through the admin API. */
async function newestRow(gw: TestGateway, connectionId: string): Promise<HistoryView> {
  const page = (await gw.api('GET', `/api/v1/history?connectionId=${connectionId}&limit=1`)).json() as {
    items: HistoryView[];
  };
  const row = page.items[0];
  assert.ok(row, 'a history row was recorded');
  return row;
}

const viaProxy = (proto: 'http' | 'https') => ({
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-proto': proto,
});

await forEachStore('HTTPS guard', (fresh) => {
  test('HOOKGATE_TLS_CERT / KEY: a real TLS listener; credentials sent over it are not warned, even with reject', async (t) => {
    // The trusted proxy and its remote client make the request non-loopback: only the TLS socket makes it secure.
    const { gw, url } = await listening(fresh, t, {
      HOOKGATE_TLS_CERT: TEST_TLS_CERT_PATH,
      HOOKGATE_TLS_KEY: TEST_TLS_KEY_PATH,
      HOOKGATE_TRUSTED_PROXIES: '127.0.0.1',
      HOOKGATE_INSECURE_TRANSPORT: 'reject',
    });
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const tls = new Agent({ connect: { ca: TEST_TLS_CA } });
    t.after(() => tls.close());
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    const remote = { 'x-webhook-secret': conn.secret!, 'x-forwarded-for': '203.0.113.9' };
    const sent = await post(url, conn.path, remote, tls);
    assert.equal(sent.status, 202);
    const row = await newestRow(gw, conn.id);
    assert.equal(row.outcome, 'ACCEPTED');
    assert.deepEqual(row.warnings, []);
    const downgraded = await post(url, conn.path, { ...remote, 'x-forwarded-proto': 'http' }, tls);
    assert.equal(downgraded.status, 403, "the trusted proxy's own X-Forwarded-Proto decides");
    await assert.rejects(
      request(`${url}${conn.path}`, { method: 'POST', body }),
      'a client that does not trust the certificate cannot talk to it',
    );
  });

  test('warn (default): plain HTTP relayed by a trusted proxy is warned and processed; https is not', async (t) => {
    const { gw, url } = await listening(fresh, t, { HOOKGATE_TRUSTED_PROXIES: '127.0.0.1' });
    const shared = await createConnection(gw, { mode: 'shared_secret' });
    const plain = await post(url, shared.path, { 'x-webhook-secret': shared.secret!, ...viaProxy('http') });
    assert.equal(plain.status, 202, 'still processed');
    const warned = await newestRow(gw, shared.id);
    assert.equal(warned.outcome, 'ACCEPTED');
    assert.equal(warned.warnings.length, 1);
    assert.match(warned.warnings[0] ?? '', /^INSECURE_TRANSPORT: /);
    assert.ok(!JSON.stringify(warned).includes(shared.secret!), 'the secret is not in the row');
    const stored = (await gw.api('GET', `/api/v1/history/${warned.id}`)).json() as HistoryView;
    assert.deepEqual(stored.warnings, warned.warnings, 'the single-row view shows it too');
    const event = await gw.store.getEvent(String(plain.json.id));
    assert.ok(event, 'the event was stored');

    const secure = await post(url, shared.path, { 'x-webhook-secret': shared.secret!, ...viaProxy('https') });
    assert.equal(secure.status, 202);
    assert.deepEqual((await newestRow(gw, shared.id)).warnings, []);

    const direct = await post(url, shared.path, { 'x-webhook-secret': shared.secret! });
    assert.equal(direct.status, 202);
    assert.deepEqual((await newestRow(gw, shared.id)).warnings, [], 'direct loopback is local development');

    const key = await createConnection(gw, { mode: 'api_key' });
    assert.equal((await post(url, key.path, { 'x-api-key': key.secret!, ...viaProxy('http') })).status, 202);
    const keyRow = await newestRow(gw, key.id);
    assert.match(keyRow.warnings[0] ?? '', /^INSECURE_TRANSPORT: /);
    assert.ok(!JSON.stringify(keyRow).includes(key.secret!));
  });

  test('hmac is never warned: a signature, not the secret, travels', async (t) => {
    const { gw, url } = await listening(fresh, t, { HOOKGATE_TRUSTED_PROXIES: '127.0.0.1' });
    const conn = await createConnection(gw, {
      mode: 'hmac',
      header: 'X-Signature',
      encoding: 'hex',
      prefix: 'sha256=',
      algorithm: 'sha256',
    });
    const signature = `sha256=${createHmac('sha256', conn.secret!).update(body).digest('hex')}`;
    const sent = await post(url, conn.path, { 'x-signature': signature, ...viaProxy('http') });
    assert.equal(sent.status, 202);
    assert.deepEqual((await newestRow(gw, conn.id)).warnings, []);
  });

  test('reject: plain HTTP via a trusted proxy gets 403 INSECURE_TRANSPORT and a history row, nothing stored', async (t) => {
    const { gw, url } = await listening(fresh, t, {
      HOOKGATE_TRUSTED_PROXIES: '127.0.0.1',
      HOOKGATE_INSECURE_TRANSPORT: 'reject',
    });
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    const refused = await post(url, conn.path, { 'x-webhook-secret': conn.secret!, ...viaProxy('http') });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error, 'INSECURE_TRANSPORT');
    assert.match(String(refused.json.message), /^INSECURE_TRANSPORT: /);
    assert.ok(!JSON.stringify(refused.json).includes(conn.secret!));
    const row = await newestRow(gw, conn.id);
    assert.equal(row.outcome, 'ERROR');
    assert.equal(row.message, refused.json.message);
    assert.deepEqual(row.warnings, [refused.json.message]);
    const accepted = (await gw.api('GET', `/api/v1/history?connectionId=${conn.id}&outcome=ACCEPTED`)).json();
    assert.deepEqual((accepted as { items: unknown[] }).items, [], 'no event was accepted');

    const secure = await post(url, conn.path, { 'x-webhook-secret': conn.secret!, ...viaProxy('https') });
    assert.equal(secure.status, 202);
    assert.deepEqual((await newestRow(gw, conn.id)).warnings, []);
  });

  test("reject with no trusted proxy: a loopback peer's X-Forwarded-* are ignored, so it is direct loopback", async (t) => {
    const { gw, url } = await listening(fresh, t, { HOOKGATE_INSECURE_TRANSPORT: 'reject' });
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    for (const proto of ['http', 'https'] as const) {
      const sent = await post(url, conn.path, { 'x-webhook-secret': conn.secret!, ...viaProxy(proto) });
      assert.equal(sent.status, 202, proto);
      assert.deepEqual((await newestRow(gw, conn.id)).warnings, [], proto);
    }
  });

  test('allow: plain HTTP via a trusted proxy is neither warned nor refused', async (t) => {
    const { gw, url } = await listening(fresh, t, {
      HOOKGATE_TRUSTED_PROXIES: '127.0.0.1',
      HOOKGATE_INSECURE_TRANSPORT: 'allow',
    });
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    const sent = await post(url, conn.path, { 'x-webhook-secret': conn.secret!, ...viaProxy('http') });
    assert.equal(sent.status, 202);
    assert.deepEqual((await newestRow(gw, conn.id)).warnings, []);
  });

  test('the store keeps history warnings (both write paths) and reads rows without any as none', async (t) => {
    const store = await fresh(t);
    const gw = await testGateway(store, { env: { HOOKGATE_TRUSTED_PROXIES: '127.0.0.1' } });
    t.after(() => gw.app.close());
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    const row = historyRecord(conn.id, { id: 'hst_warned', outcome: 'UNAUTHORIZED' });
    await store.recordHistory({ ...row, warnings: ['INSECURE_TRANSPORT: one', 'OTHER: two'] });
    await store.recordHistory({ ...row, id: 'hst_plain' });
    assert.deepEqual((await store.getHistory('hst_warned'))?.warnings, [
      'INSECURE_TRANSPORT: one',
      'OTHER: two',
    ]);
    assert.equal((await store.getHistory('hst_plain'))?.warnings, undefined);
    assert.deepEqual(
      await store.getHistory('hst_plain'),
      { ...row, id: 'hst_plain' },
      'a row without warnings round-trips unchanged',
    );
    const event = eventRecord(conn.id, { id: 'evt_warned' });
    await store.acceptEvent(
      event,
      historyRecord(conn.id, {
        id: 'hst_accepted',
        eventId: event.id,
        warnings: ['INSECURE_TRANSPORT: three'],
      }),
    );
    assert.deepEqual((await store.getHistory('hst_accepted'))?.warnings, ['INSECURE_TRANSPORT: three']);
  });
});
