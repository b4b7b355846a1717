import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { ADMIN_TOKEN, createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';

/** Opens a socket, writes `head`, then `trickle` bytes one at a time every `everyMs`; resolves with the answer. */
function slowRequest(port: number, head: string, trickle: string, everyMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length && socket.writable) socket.write(trickle[sent++] ?? '');
    }, everyMs);
    socket.on('data', (data) => {
      answer += data.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve(answer);
    });
    socket.write(head);
  });
}

async function rowsOf(gateway: TestGateway, connectionId: string) {
  const page = await gateway.store.listHistory({ connectionId, limit: 100 });
  return page.items.map((row) => ({
    outcome: row.outcome,
    message: row.message,
    repeatCount: row.repeatCount,
  }));
}

forEachStore('abuse limits', (fresh) => {
  test('a body that trickles in slower than the minimum rate is answered 408 and recorded', async (t) => {
    const gateway = await testGateway(await fresh(t), {
      env: { HOOKGATE_BODY_MIN_BYTES_PER_SECOND: '1000', HOOKGATE_BODY_GRACE_MS: '100' },
    });
    t.after(() => gateway.app.close());
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const head = `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nx-webhook-secret: ${conn.secret}\r\ncontent-length: 40\r\n\r\n`;

    const answer = await slowRequest(port, head, '{"slow":"one byte at a time............"}', 50);

    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(answer, /"error":"REQUEST_TIMEOUT"/);
    assert.deepEqual(await rowsOf(gateway, conn.id), [
      { outcome: 'ERROR', message: 'REQUEST_TIMEOUT: The body arrived too slowly', repeatCount: 1 },
    ]);
  });

  test('a request not received within HOOKGATE_REQUEST_TIMEOUT_MS is answered 408 and recorded', async (t) => {
    const gateway = await testGateway(await fresh(t), {
      env: { HOOKGATE_REQUEST_TIMEOUT_MS: '300', HOOKGATE_BODY_MIN_BYTES_PER_SECOND: '0' },
    });
    t.after(() => gateway.app.close());
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const head = `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nx-webhook-secret: ${conn.secret}\r\ncontent-length: 10\r\n\r\n{"a`;

    const answer = await slowRequest(port, head, '', 1000);

    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.deepEqual(await rowsOf(gateway, conn.id), [
      { outcome: 'ERROR', message: 'REQUEST_TIMEOUT: The request was not received in time', repeatCount: 1 },
    ]);
  });

  test('refusals over the limit get 429 with Retry-After and fold into one row; valid requests still get 202', async (t) => {
    const gateway = await testGateway(await fresh(t), {
      env: { HOOKGATE_REFUSALS_PER_MINUTE: '60', HOOKGATE_REFUSAL_BURST: '3' },
    });
    t.after(() => gateway.app.close());
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const send = (secret: string) =>
      gateway.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'x-webhook-secret': secret, 'content-type': 'application/json' },
        payload: '{"n":1}',
      });

    const answers = [];
    for (let i = 0; i < 10; i += 1) answers.push(await send('wrong'));
    const valid = await send(conn.secret ?? '');

    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [401, 401, 401, 429, 429, 429, 429, 429, 429, 429],
    );
    assert.equal(answers[3]?.headers['retry-after'], '1');
    assert.equal(answers[3]?.json().error, 'TOO_MANY_REQUESTS');
    assert.equal(valid.statusCode, 202, 'an accepted event is never refused by the limit');
    const rows = await rowsOf(gateway, conn.id);
    assert.deepEqual(
      rows.map((row) => [row.outcome, row.repeatCount]),
      [
        ['ACCEPTED', 1],
        ['UNAUTHORIZED', 7],
        ['UNAUTHORIZED', 1],
        ['UNAUTHORIZED', 1],
        ['UNAUTHORIZED', 1],
      ],
    );
    const metrics = await gateway.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.match(metrics.body, /hookgate_inbound_refusals_limited_total\{scope="connection"\} 7/);
    const view = await gateway.api('GET', `/api/v1/history?connectionId=${conn.id}`);
    assert.equal((view.json() as { items: { repeatCount: number }[] }).items[1]?.repeatCount, 7);

    gateway.clock.advance(60_000);
    assert.equal((await send('wrong')).statusCode, 401, 'the budget refills with time');
  });

  test('refusals are limited per source address across connections, unknown connections included', async (t) => {
    const gateway = await testGateway(await fresh(t), {
      env: { HOOKGATE_REFUSALS_PER_MINUTE: '60', HOOKGATE_REFUSAL_BURST: '2' },
    });
    t.after(() => gateway.app.close());
    const first = await createConnection(gateway, { mode: 'shared_secret' });
    const second = await createConnection(gateway, { mode: 'shared_secret' });
    const post = (path: string) =>
      gateway.app.inject({
        method: 'POST',
        url: path,
        headers: { 'x-webhook-secret': 'wrong' },
        payload: '{}',
      });

    assert.equal((await post(first.path)).statusCode, 401);
    assert.equal((await post('/webhooks/in/con_unknown')).statusCode, 404);
    const limited = await post(second.path);

    assert.equal(limited.statusCode, 429);
    assert.match(limited.json().message, /for this address/);
    assert.equal((await post('/webhooks/in/con_unknown')).statusCode, 429);
  });
});
