import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { ADMIN_TOKEN, createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';

/** What `exchange` reads when the server neither closed nor satisfied `done` within its deadline. */
const LEFT_OPEN = '<the server left the socket open>';

/**
 * Writes `bytes`; half-closes when `fin`; resolves with everything read once `done(text)` or the server
 * closes. A server that does neither within 5 s (it must answer and close in milliseconds) gets LEFT_OPEN
 * appended, so a test fails on its assertion instead of hanging.
 */
function exchange(
  port: number,
  bytes: string,
  fin: boolean,
  done?: (text: string) => boolean,
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const deadline = setTimeout(() => {
      text += LEFT_OPEN;
      socket.destroy();
    }, 5_000);
    socket.on('data', (data) => {
      text += data.toString('latin1');
      if (done?.(text)) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(deadline);
      resolve(text);
    });
    socket.write(bytes, () => {
      if (fin) socket.end();
    });
  });
}

/** Closes a test gateway even when it left a socket open (the failure some tests look for). */
async function closeGateway(gateway: TestGateway): Promise<void> {
  gateway.app.server.closeAllConnections();
  await gateway.app.close();
}

/** The status codes of the answers in `text`, in order. */
function statusesOf(text: string): string[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1] ?? '');
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

  test('a body cut short on a route other than inbound (404, admin JSON): answered 400 and closed, never left waiting', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => closeGateway(gateway));
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const brokenChunk = 'transfer-encoding: chunked\r\n\r\n1\r\n[\r\nzz\r\nbroken\r\n';
    const admin = `authorization: Bearer ${ADMIN_TOKEN}\r\ncontent-type: application/json\r\n`;

    // Fastify reads these bodies to parse them; Node's parser gave up in the middle of each.
    const answers = [
      await exchange(
        port,
        `PUT ${conn.path}/ HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n${brokenChunk}`,
        false,
      ),
      await exchange(
        port,
        `PUT /nope HTTP/1.1\r\nHost: x\r\ncontent-type: text/plain\r\n${brokenChunk}`,
        false,
      ),
      await exchange(port, `POST /api/v1/connections HTTP/1.1\r\nHost: x\r\n${admin}${brokenChunk}`, false),
      await exchange(
        port,
        `POST /api/v1/connections HTTP/1.1\r\nHost: x\r\n${admin}content-length: 50\r\n\r\n{"name":`,
        true,
      ),
    ];

    for (const answer of answers) {
      assert.ok(!answer.includes(LEFT_OPEN), `answered and closed: ${answer}`);
      assert.deepEqual(statusesOf(answer), ['400'], answer);
      assert.match(answer, /"error":"VALIDATION_ERROR"/);
    }
    // None of them named the connection (a PUT, a trailing slash): no history row.
    assert.deepEqual(await outcomes(gateway, conn.id), []);
    assert.equal((await gateway.api('GET', '/api/v1/connections')).status, 200, 'still serving');
  });

  test('a body cut short behind a pipelined request, on a route that ignores bodies: each request answered once, then closed', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => closeGateway(gateway));
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);

    // /readyz asks the store (slower on PostgreSQL than on SQLite): its answer must come whatever the timing,
    // and no second answer follows for the same request.
    const readyz = await exchange(
      port,
      'GET /readyz HTTP/1.1\r\nHost: x\r\ncontent-length: 10\r\n\r\n',
      true,
    );
    const behind = await exchange(
      port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nPUT /nope HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n' +
        'transfer-encoding: chunked\r\n\r\n1\r\n[\r\nzz\r\n',
      false,
    );

    assert.ok(!readyz.includes(LEFT_OPEN), readyz);
    assert.deepEqual(statusesOf(readyz), ['200'], readyz);
    assert.ok(!behind.includes(LEFT_OPEN), behind);
    assert.deepEqual(statusesOf(behind), ['200', '400'], behind);
  });

  test('pipelined: an empty POST, a POST to the encoded id with a trailing slash, then a chunked body over the limit: 400, 404, 413', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => closeGateway(gateway));
    const conn = await createConnection(gateway, { mode: 'shared_secret' }, { maxBodyBytes: 1024 });
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const auth = `Host: x\r\nx-webhook-secret: ${conn.secret}\r\n`;
    const encodedId = [...conn.id].map((char, i) =>
      i % 3 === 0 ? `%${char.charCodeAt(0).toString(16)}` : char,
    );
    const chunked = (body: string, size: number): string => {
      let text = 'transfer-encoding: chunked\r\n\r\n';
      for (let at = 0; at < body.length; at += size) {
        const chunk = body.slice(at, at + size);
        text += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
      }
      return `${text}0\r\n\r\n`;
    };
    const whitespace = ' '.repeat(1100);
    const secondBodies = [
      'content-length: 0\r\n\r\n',
      'content-length: 2\r\n\r\n{}',
      chunked(whitespace, 64),
    ];

    for (const [index, secondBody] of secondBodies.entries()) {
      for (const size of [1, 7, 64]) {
        const empty = `POST ${conn.path} HTTP/1.1\r\n${auth}content-length: 0\r\n\r\n`;
        const trailingSlash = `POST /webhooks/in/${encodedId.join('')}/ HTTP/1.1\r\n${auth}${secondBody}`;
        const tooLarge = `POST ${conn.path} HTTP/1.1\r\n${auth}${chunked(whitespace, size)}`;
        const answer = await exchange(port, empty + trailingSlash + tooLarge, true);
        assert.deepEqual(
          statusesOf(answer),
          ['400', '404', '413'],
          `second body ${index}, chunks of ${size}: ${answer}`,
        );
      }
    }
    const rows = await outcomes(gateway, conn.id);
    assert.equal(rows.length, 18, rows.join('\n'));
    assert.equal(rows.filter((row) => row.startsWith('INVALID_JSON INVALID_JSON: Body is empty')).length, 9);
    assert.equal(rows.filter((row) => row.startsWith('PAYLOAD_TOO_LARGE')).length, 9);
  });
});
