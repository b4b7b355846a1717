import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';

/** Writes `bytes`; half-closes when `fin`; resolves with everything read once `done(text)` or the server closes. */
function exchange(
  port: number,
  bytes: string,
  fin: boolean,
  done?: (text: string) => boolean,
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (data) => {
      text += data.toString('latin1');
      if (done?.(text)) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
    socket.write(bytes, () => {
      if (fin) socket.end();
    });
  });
}

async function outcomes(gateway: TestGateway, connectionId: string) {
  const page = await gateway.store.listHistory({ connectionId, limit: 50 });
  return page.items.map((row) => `${row.outcome} ${row.message}`);
}

forEachStore('malformed requests', (fresh) => {
  test('U+0000 in ids and filters is a 404 / an empty list on both stores, never a 500', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => gateway.app.close());
    const conn = await createConnection(gateway, { mode: 'shared_secret' });

    const inbound = await gateway.app.inject({ method: 'POST', url: `${conn.path}%00`, payload: '{}' });
    assert.equal(inbound.statusCode, 404);
    assert.equal((await gateway.api('GET', '/api/v1/events/%00')).status, 404);
    assert.equal((await gateway.api('GET', '/api/v1/connections/%00')).status, 404);
    assert.equal((await gateway.api('GET', '/api/v1/history/evt%00x')).status, 404);
    const filtered = await gateway.api('GET', '/api/v1/history?connectionId=%00');
    assert.equal(filtered.status, 200);
    assert.deepEqual((filtered.json() as { items: unknown[] }).items, []);
    assert.deepEqual(await outcomes(gateway, conn.id), []);
  });

  test('truncated and badly chunked bodies: one 400 and exactly one history row each', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => gateway.app.close());
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const head = `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nx-webhook-secret: ${conn.secret}\r\n`;

    const truncated = await exchange(port, `${head}content-length: 100\r\n\r\n{"half":`, true);
    const badChunk = await exchange(
      port,
      `${head}transfer-encoding: chunked\r\n\r\n5\r\n{"a":\r\nzz\r\n`,
      false,
    );
    const cutChunk = await exchange(port, `${head}transfer-encoding: chunked\r\n\r\n5\r\n{"a":\r\n`, true);

    for (const answer of [truncated, badChunk, cutChunk]) {
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.match(answer, /Request body was truncated/);
      assert.equal(answer.match(/HTTP\/1\.1 /g)?.length, 1, 'one answer per request');
    }
    const truncatedRow = 'INVALID_JSON INVALID_JSON: Request body was truncated (client aborted)';
    assert.deepEqual(await outcomes(gateway, conn.id), [truncatedRow, truncatedRow, truncatedRow]);
  });

  test('a valid request followed by garbage on a keep-alive socket: the sender reads its 202, then the 400', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => gateway.app.close());
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const valid = `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nx-webhook-secret: ${conn.secret}\r\ncontent-length: 2\r\n\r\n{}`;

    const answer = await exchange(port, `${valid}GARBAGE\r\n\r\n`, false, (text) => text.includes('"error"'));

    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1]);
    assert.deepEqual(statuses, ['202', '400']);
    assert.deepEqual(await outcomes(gateway, conn.id), ['ACCEPTED null']);
  });

  test('a request pipelined behind a malformed head of another request to the connection: one row each', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => gateway.app.close());
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const valid = `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nx-webhook-secret: ${conn.secret}\r\ncontent-length: 2\r\n\r\n{}`;
    const broken = `POST ${conn.path} HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n`;

    const answer = await exchange(port, valid + broken, true);

    assert.deepEqual(
      [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1]),
      ['202', '400'],
    );
    assert.deepEqual((await outcomes(gateway, conn.id)).sort(), [
      'ACCEPTED null',
      'ERROR VALIDATION_ERROR: Malformed HTTP request',
    ]);
  });
});
