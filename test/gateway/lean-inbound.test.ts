// The inbound route is served twice: by the lean handler in front of Fastify (real HTTP requests to a plain
// `POST /webhooks/in/<id>`) and by the Fastify route (everything else, and `app.inject`). Each case here is
// sent both ways, to the same gateway, and must get the same answer and the same history row.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, test } from 'node:test';
import type { Store } from '../../src/store/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';

/** What a client sees of an answer: ids (which differ per request) replaced by `<id>`. */
interface Seen {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | undefined;
  readonly connection: string | undefined;
  readonly retryAfter: string | undefined;
}

interface Sent {
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: string;
}

/** Headers inject would make up (and a real client sends its own of): the same both ways. */
const CLIENT = { host: 'gateway.test', 'user-agent': 'lean-inbound-test' };

const anyId = (text: string) => text.replace(/\b(evt|hst)_[0-9a-z]+/g, '<id>');

/** Through Fastify (`app.inject`). */
async function viaFastify(gateway: TestGateway, sent: Sent): Promise<Seen> {
  const response = await gateway.app.inject({
    method: 'POST',
    url: sent.path,
    headers: { ...CLIENT, ...sent.headers },
    payload: sent.body,
  });
  const header = (name: string) => response.headers[name]?.toString();
  return {
    status: response.statusCode,
    body: anyId(response.body),
    contentType: header('content-type'),
    connection: header('connection') === 'close' ? 'close' : undefined,
    retryAfter: header('retry-after'),
  };
}

/** Keeps sockets open between requests, as senders do (a client's `connection: close` would be echoed). */
const agent = new Agent({ keepAlive: true });
after(() => agent.destroy());

/** Over a real socket, through the server's request listener (the lean handler when the path is plain). */
function viaHttp(port: number, sent: Sent): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: sent.path,
        headers: { ...CLIENT, ...sent.headers },
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          assert.equal(Number(response.headers['content-length']), Buffer.byteLength(body));
          resolve({
            status: response.statusCode ?? 0,
            body: anyId(body),
            contentType: response.headers['content-type'],
            connection: response.headers.connection === 'close' ? 'close' : undefined,
            retryAfter: response.headers['retry-after']?.toString(),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(sent.body);
  });
}

type Row = Record<string, unknown>;

/** The newest history row, its ids and time left out (they differ per request). */
async function newestRow(gateway: TestGateway, connectionId: string): Promise<Row | undefined> {
  const page = (await gateway.api('GET', `/api/v1/history?limit=1&connectionId=${connectionId}`)).json() as {
    items: Row[];
  };
  const row = page.items[0];
  if (row === undefined) return undefined;
  const { id: _id, eventId, duplicateOf, receivedAt: _at, ...rest } = row;
  return {
    ...rest,
    eventId: eventId === null ? null : '<id>',
    duplicateOf: duplicateOf === null ? null : '<id>',
  };
}

await forEachStore('lean inbound handler', (fresh) => {
  async function gatewayOn(t: Parameters<typeof fresh>[0], store?: Store) {
    const gateway = await testGateway(store ?? (await fresh(t)));
    const port = Number(new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' })).port);
    t.after(() => gateway.app.close());
    return { gateway, port };
  }

  /** Sends `sent` both ways and asserts the same answer and history row; returns the answer. */
  async function same(gateway: TestGateway, port: number, connectionId: string, sent: Sent): Promise<Seen> {
    const fastify = await viaFastify(gateway, sent);
    const fastifyRow = await newestRow(gateway, connectionId);
    const lean = await viaHttp(port, sent);
    const leanRow = await newestRow(gateway, connectionId);
    assert.deepEqual(lean, fastify, `answer to ${sent.path}`);
    assert.deepEqual(leanRow, fastifyRow, `history row of ${sent.path}`);
    return lean;
  }

  test('accepted, duplicate, refused and malformed requests: the same answers and rows both ways', async (t) => {
    const { gateway, port } = await gatewayOn(t);
    const hmac = await createConnection(gateway, { mode: 'hmac', header: 'X-Signature', encoding: 'hex' });
    const sign = (body: string) =>
      createHmac('sha256', hmac.secret ?? '')
        .update(body)
        .digest('hex');
    const body = JSON.stringify({ type: 'order.updated', id: 42 });
    const signed = { 'content-type': 'application/json', 'x-signature': sign(body) };

    const accepted = await same(gateway, port, hmac.id, { path: hmac.path, headers: signed, body });
    assert.equal(accepted.status, 202);
    assert.equal(accepted.body, '{"id":"<id>","status":"accepted"}');
    assert.equal(accepted.contentType, 'application/json; charset=utf-8');
    const query = await same(gateway, port, hmac.id, {
      path: `${hmac.path}?from=test`,
      headers: signed,
      body,
    });
    assert.equal(query.status, 202);
    // A header sent twice reads as one value joined by `, ` both ways; with a repeated set-cookie (the one
    // header Node keeps as a list) too, and without a content type.
    for (const extra of [{}, { 'set-cookie': ['a=1', 'b=2'] }]) {
      const repeated = await same(gateway, port, hmac.id, {
        path: hmac.path,
        headers: { 'x-signature': sign(body), 'x-request-id': ['first', 'second'], ...extra },
        body,
      });
      assert.equal(repeated.status, 202);
      const row = await newestRow(gateway, hmac.id);
      assert.equal((row?.headers as Record<string, string> | undefined)?.['x-request-id'], 'first, second');
    }

    const unsigned = await same(gateway, port, hmac.id, {
      path: hmac.path,
      headers: { 'content-type': 'application/json', 'x-signature': sign('other') },
      body,
    });
    assert.equal(unsigned.status, 401);

    const notJson = 'not json';
    const invalid = await same(gateway, port, hmac.id, {
      path: hmac.path,
      headers: { 'content-type': 'application/json', 'x-signature': sign(notJson) },
      body: notJson,
    });
    assert.equal(invalid.status, 400);

    // A key first sent one way is a duplicate the other way, and the other way round.
    for (const [key, first, second] of [
      ['key-a', viaFastify, viaHttp],
      ['key-b', viaHttp, viaFastify],
    ] as const) {
      const keyed = { path: hmac.path, headers: { ...signed, 'x-idempotency-key': key }, body };
      const once = await (first === viaFastify ? viaFastify(gateway, keyed) : viaHttp(port, keyed));
      const again = await (second === viaFastify ? viaFastify(gateway, keyed) : viaHttp(port, keyed));
      assert.deepEqual([once.status, again.status], [202, 200], key);
      assert.equal(again.body, '{"id":"<id>","status":"duplicate"}');
    }

    const limited = await createConnection(gateway, { mode: 'shared_secret' }, { maxBodyBytes: 10 });
    const tooLarge = await same(gateway, port, limited.id, {
      path: limited.path,
      headers: { 'x-webhook-secret': 'wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(20) }),
    });
    assert.deepEqual([tooLarge.status, tooLarge.connection], [413, 'close'], '413 before auth, then close');

    const missing = await same(gateway, port, 'con_missing', {
      path: '/webhooks/in/con_missing',
      headers: signed,
      body,
    });
    assert.equal(missing.status, 404);
    // Forms the lean handler leaves to Fastify: a percent-encoded id, a trailing slash, a matrix parameter.
    for (const path of [`/webhooks/in/${hmac.id.replace('_', '%5F')}`, `${hmac.path}/`, `${hmac.path};x`]) {
      const seen = await same(gateway, port, hmac.id, { path, headers: signed, body });
      assert.ok([202, 404].includes(seen.status), `${path}: ${seen.status}`);
    }

    await gateway.api('PATCH', `/api/v1/connections/${hmac.id}`, { enabled: false });
    const disabled = await same(gateway, port, hmac.id, { path: hmac.path, headers: signed, body });
    assert.equal(disabled.status, 403);
  });

  test('an error thrown while answering gets the app error shape both ways (store unreachable → 503)', async (t) => {
    const store = await fresh(t);
    let failing = false;
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const flaky = new Proxy(store, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (failing && (property === 'recordHistory' || property === 'getConnection')) {
          return () => Promise.reject(unreachable);
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { gateway, port } = await gatewayOn(t, flaky);
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    // Loaded into the connection cache while the store answers; then history writes fail.
    const sent = { path: conn.path, headers: { 'x-webhook-secret': 'wrong' }, body: '{}' };
    assert.equal((await viaHttp(port, sent)).status, 401);
    failing = true;
    const fastify = await viaFastify(gateway, sent);
    const lean = await viaHttp(port, sent);
    failing = false;
    assert.deepEqual(lean, fastify);
    assert.equal(lean.status, 503);
    assert.equal(
      lean.body,
      '{"error":"SERVICE_UNAVAILABLE","message":"SERVICE_UNAVAILABLE: The store is unreachable; retry later"}',
    );
  });

  test('a body sent with its head, after it, or split around it: each read whole, stored as sent', async (t) => {
    const { gateway, port } = await gatewayOn(t);
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const body = JSON.stringify({ type: 'split', text: '日本語 😀'.repeat(40) });
    const bytes = Buffer.from(body);
    const head =
      `POST ${conn.path} HTTP/1.1\r\nhost: x\r\nx-webhook-secret: ${conn.secret}\r\n` +
      `content-type: application/json\r\ncontent-length: ${bytes.length}\r\n\r\n`;
    // [bytes sent with the head, bytes sent once the server has emitted the request]; one split falls
    // inside a multi-byte character.
    const splits = [bytes.length, 0, 11, bytes.indexOf('語') + 1];
    for (const withHead of splits) {
      const socket = connect(port, '127.0.0.1');
      t.after(() => socket.destroy());
      // The rest goes out only after the server has parsed the head and dispatched the request: a packet of
      // its own, which the handler must wait for.
      gateway.app.server.prependOnceListener('request', () => {
        setImmediate(() => socket.write(bytes.subarray(withHead)));
      });
      socket.write(Buffer.concat([Buffer.from(head), bytes.subarray(0, withHead)]));
      const answer = await new Promise<string>((resolve, reject) => {
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1');
          // Every answer here is one JSON object.
          if (/\r\n\r\n\{.*\}$/s.test(received)) resolve(received);
        });
        socket.on('error', reject);
      });
      assert.match(answer, /^HTTP\/1\.1 202 /, `${withHead} bytes with the head`);
      const id = /"id":"(evt_[0-9a-z]+)"/.exec(answer)?.[1];
      const event = (await gateway.api('GET', `/api/v1/events/${id}`)).json() as { body: string };
      assert.deepEqual(Buffer.from(event.body, 'base64'), bytes, `${withHead} bytes with the head: the body`);
      const row = (await gateway.api('GET', `/api/v1/history?limit=1&connectionId=${conn.id}`)).json() as {
        items: { bodyPreview: string; bodySize: number }[];
      };
      assert.deepEqual(
        [row.items[0]?.bodyPreview, row.items[0]?.bodySize],
        [body, bytes.length],
        `${withHead} bytes with the head: the history row`,
      );
    }
  });

  test('pipelined requests on one socket are answered in order, each once', {
    timeout: 20_000,
  }, async (t) => {
    const { gateway, port } = await gatewayOn(t);
    const conn = await createConnection(gateway, { mode: 'shared_secret' });
    const one = (body: string) =>
      `POST ${conn.path} HTTP/1.1\r\nhost: x\r\nx-webhook-secret: ${conn.secret}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const socket = connect(port, '127.0.0.1');
    socket.write(one('{"n":1}') + one('{"n":2}') + one('{"n":3}'));
    let received = '';
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if ((received.match(/HTTP\/1\.1 202/g) ?? []).length === 3) resolve();
      });
      socket.on('error', reject);
    });
    socket.destroy();
    const page = (await gateway.api('GET', `/api/v1/history?connectionId=${conn.id}`)).json() as {
      items: { bodyPreview: string }[];
    };
    assert.deepEqual(
      page.items.map((row) => row.bodyPreview),
      ['{"n":3}', '{"n":2}', '{"n":1}'],
    );
  });
});
