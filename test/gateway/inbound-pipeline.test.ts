import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';

type Row = {
  outcome: string;
  message: string | null;
  bodySize: number;
  bodyPreview: string;
  eventId: string | null;
  duplicateOf: string | null;
  headers: Record<string, string>;
};

await forEachStore('inbound pipeline', (fresh) => {
  async function sharedSecretGateway(t: Parameters<typeof fresh>[0], extra: Record<string, unknown> = {}) {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, { mode: 'shared_secret' }, extra);
    const send = (payload: string | Buffer | Readable, headers: Record<string, string> = {}) =>
      gw.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'x-webhook-secret': conn.secret!, ...headers },
        payload,
      });
    const history = async () =>
      ((await gw.api('GET', `/api/v1/history?limit=200&connectionId=${conn.id}`)).json() as { items: Row[] })
        .items;
    return { gw, conn, send, history };
  }

  test('the body limit: exactly the limit is accepted, one byte more is 413 before auth', async (t) => {
    const { conn, gw, send, history } = await sharedSecretGateway(t, { maxBodyBytes: 100 });
    const atLimit = JSON.stringify({ pad: 'x'.repeat(100 - 10) });
    assert.equal(Buffer.byteLength(atLimit), 100);
    assert.equal((await send(atLimit, { 'content-type': 'application/json' })).statusCode, 202);
    const over = `${atLimit} `;
    const tooLarge = await send(over);
    assert.equal(tooLarge.statusCode, 413);
    assert.deepEqual(tooLarge.json(), {
      error: 'PAYLOAD_TOO_LARGE',
      message: 'PAYLOAD_TOO_LARGE: Body exceeds 100 bytes',
    });
    const wrongSecretAndLarge = await gw.app.inject({
      method: 'POST',
      url: conn.path,
      headers: { 'x-webhook-secret': 'wrong' },
      payload: over,
    });
    assert.equal(wrongSecretAndLarge.statusCode, 413, 'size is checked before auth');
    const streamed = await send(Readable.from([Buffer.alloc(60, 0x20), Buffer.alloc(60, 0x20)]), {
      'transfer-encoding': 'chunked',
    });
    assert.equal(streamed.statusCode, 413, 'a chunked body without content-length is counted as it streams');
    const rows = await history();
    assert.deepEqual(
      rows.map((r) => r.outcome),
      ['PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE', 'ACCEPTED'],
    );
    assert.equal(rows[0]!.bodyPreview, '', 'nothing of a refused body is kept');
  });

  test('the content type is a hint: JSON as text/plain or untyped, form bodies, and garbage', async (t) => {
    const { send, history } = await sharedSecretGateway(t);
    assert.equal((await send('{"a":1}', { 'content-type': 'text/plain' })).statusCode, 202);
    assert.equal((await send('{"a":1}')).statusCode, 202);
    assert.equal(
      (await send('a=1&b=two', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode,
      202,
    );
    assert.equal((await send('{"a":1}', { 'content-type': 'this is ; not = a media type' })).statusCode, 202);
    const garbage = await send('this is not json', { 'content-type': 'application/json' });
    assert.equal(garbage.statusCode, 400);
    assert.equal(garbage.json().error, 'INVALID_JSON');
    const latin1 = await send(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), {
      'content-type': 'application/json',
    });
    assert.equal(latin1.statusCode, 400);
    assert.equal(latin1.json().message, 'INVALID_JSON: Body is not valid UTF-8');
    const empty = await send('');
    assert.equal(empty.statusCode, 400);
    const rows = await history();
    assert.equal(rows.length, 7, 'every request has a history row');
    assert.deepEqual(
      rows.slice(0, 3).map((r) => r.outcome),
      ['INVALID_JSON', 'INVALID_JSON', 'INVALID_JSON'],
    );
  });

  test('the stored event keeps the exact bytes; history keeps a redacted view', async (t) => {
    const { gw, conn, send, history } = await sharedSecretGateway(t);
    const bytes = Buffer.from('{ "name" : "Zoë",\n  "n": 1.50 }\n', 'utf8');
    const accepted = await send(bytes, {
      'content-type': 'application/json',
      'user-agent': 'partner/1.0',
      authorization: 'Bearer x',
      'x-partner-trace': 'not whitelisted',
    });
    const eventId = accepted.json().id as string;
    const event = (await gw.api('GET', `/api/v1/events/${eventId}`)).json() as {
      body: string;
      connectionId: string;
      headers: Record<string, string>;
    };
    assert.deepEqual(Buffer.from(event.body, 'base64'), bytes);
    assert.equal(event.connectionId, conn.id);
    const [row] = await history();
    assert.equal(row!.eventId, eventId);
    assert.equal(row!.bodySize, bytes.length);
    assert.equal(row!.headers['user-agent'], 'partner/1.0');
    assert.equal(row!.headers['x-webhook-secret'], '[redacted]');
    assert.equal(row!.headers.authorization, '[redacted]');
    assert.equal(row!.headers['x-partner-trace'], undefined, 'headers off the whitelist are left out');
    assert.equal(event.headers['x-webhook-secret'], '[redacted]');
    const rowId = ((await gw.api('GET', '/api/v1/history?limit=1')).json() as { items: { id: string }[] })
      .items[0]!.id;
    const one = await gw.api('GET', `/api/v1/history/${rowId}`);
    assert.equal(one.status, 200);
    assert.equal((one.json() as { eventId: string }).eventId, eventId);
    assert.equal((await gw.api('GET', '/api/v1/events/evt_missing')).status, 404);
  });

  test('idempotency: a repeat answers 200 duplicate with the first id and stores nothing twice', async (t) => {
    const { send, history } = await sharedSecretGateway(t);
    const first = await send('{"n":1}', { 'x-idempotency-key': 'order-1' });
    assert.equal(first.statusCode, 202);
    const repeat = await send('{"n":1}', { 'x-idempotency-key': 'order-1' });
    assert.equal(repeat.statusCode, 200);
    assert.deepEqual(repeat.json(), { id: first.json().id, status: 'duplicate' });
    const rows = await history();
    assert.equal(rows[0]!.outcome, 'DUPLICATE');
    assert.equal(rows[0]!.duplicateOf, first.json().id);
    assert.equal(rows[0]!.eventId, null);
    assert.equal(
      (await send('{"n":1}', { 'x-idempotency-key': 'order-2' })).statusCode,
      202,
      'another key is another event',
    );
  });

  test('idempotency comes before parsing: a repeat is a duplicate whatever its body; a new key with a bad body claims nothing', async (t) => {
    const { send, history } = await sharedSecretGateway(t);
    const first = await send('{"n":1}', { 'x-idempotency-key': 'order-7' });
    assert.equal(first.statusCode, 202);
    const garbled = await send('{"n":', { 'x-idempotency-key': 'order-7' });
    assert.equal(garbled.statusCode, 200);
    assert.deepEqual(garbled.json(), { id: first.json().id, status: 'duplicate' });
    assert.equal((await history())[0]!.outcome, 'DUPLICATE');

    const broken = await send('{"n":', { 'x-idempotency-key': 'order-8' });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error, 'INVALID_JSON');
    const fixed = await send('{"n":8}', { 'x-idempotency-key': 'order-8' });
    assert.equal(fixed.statusCode, 202, 'the refused body did not claim the key');
  });

  test('idempotency under 100 concurrent identical requests: exactly one event', async (t) => {
    const { send, history } = await sharedSecretGateway(t);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => send('{"n":1}', { 'x-idempotency-key': 'same' })),
    );
    const accepted = responses.filter((r) => r.statusCode === 202);
    const duplicates = responses.filter((r) => r.statusCode === 200);
    assert.equal(accepted.length, 1);
    assert.equal(duplicates.length, 99);
    const firstId = accepted[0]!.json().id;
    for (const d of duplicates) assert.equal(d.json().id, firstId);
    const rows = await history();
    assert.equal(rows.filter((r) => r.outcome === 'ACCEPTED').length, 1);
  });

  test('unknown connection → 404 without a row; disabled connection → 403 with a row', async (t) => {
    const { gw, conn, send, history } = await sharedSecretGateway(t);
    const missing = await gw.app.inject({ method: 'POST', url: '/webhooks/in/con_nope', payload: '{}' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error, 'CONNECTION_NOT_FOUND');
    assert.equal((await gw.api('PATCH', `/api/v1/connections/${conn.id}`, { enabled: false })).status, 200);
    const disabled = await send('{}');
    assert.equal(disabled.statusCode, 403);
    assert.equal(disabled.json().error, 'CONNECTION_DISABLED');
    assert.deepEqual(
      (await history()).map((r) => r.outcome),
      ['ERROR'],
    );
  });
});
