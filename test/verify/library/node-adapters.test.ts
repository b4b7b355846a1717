import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import Fastify from 'fastify';
import { Webhook as SvixWebhook } from 'svix';
import {
  fromFastifyRequest,
  fromNodeRequest,
  verifyWebhook,
  WebhookVerificationError,
} from '../../../src/verify/index.ts';

const BODY = '{"action":"opened","number":7,"note":"héllo"}';
const GITHUB = { mode: 'github', secret: 'github-webhook-secret' } as const;
const SVIX_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SVIX = { mode: 'svix', secret: SVIX_SECRET } as const;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('Node IncomingMessage adapter (http, Express)', () => {
  it('verifies GitHub deliveries through a real http server', async (t) => {
    const server = createServer(async (request, response) => {
      const result = await verifyWebhook(GITHUB, fromNodeRequest(request, await readBody(request)));
      response.writeHead(result.ok ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify(result));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/github?x=1`;
    const post = async (signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'x-hub-signature-256': signature, 'x-github-delivery': 'dl-1' },
        body: BODY,
      });
    const good = await post(await octokitSign(GITHUB.secret, BODY));
    assert.equal(good.status, 200);
    assert.deepEqual(await good.json(), { ok: true, idempotencyKey: 'dl-1' });
    const bad = await post(await octokitSign('another-secret', BODY));
    assert.equal(bad.status, 401);
    assert.equal(
      ((await bad.json()) as { message: string }).message,
      'UNAUTHORIZED: HMAC signature mismatch',
    );
  });

  it('keeps Express originalUrl, joins repeated headers, and refuses a parsed body', () => {
    const request = {
      method: 'POST',
      url: '/github',
      originalUrl: '/hooks/github?x=1',
      headers: { 'x-custom': ['a', 'b'], 'content-type': 'application/json' },
    };
    const input = fromNodeRequest(request, Buffer.from(BODY));
    assert.equal(input.url, '/hooks/github?x=1');
    assert.equal(input.headers['x-custom'], 'a, b');
    assert.throws(
      () => fromNodeRequest(request, JSON.parse(BODY)),
      (error: unknown) => {
        assert.ok(error instanceof WebhookVerificationError);
        assert.equal(error.code, 'INVALID_REQUEST');
        assert.match(error.message, /express\.raw/);
        return true;
      },
    );
  });
});

describe('Fastify adapter', () => {
  it('verifies Svix deliveries in a real Fastify instance that keeps the raw body', async (t) => {
    const app = Fastify();
    t.after(() => app.close());
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    app.post('/webhooks/svix', async (request, reply) => {
      const result = await verifyWebhook(SVIX, fromFastifyRequest(request));
      return reply.code(result.ok ? 200 : 401).send(result);
    });
    const now = new Date();
    const headers = (secret: string) => ({
      'svix-id': 'msg_1',
      'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
      'svix-signature': new SvixWebhook(secret).sign('msg_1', now, BODY),
      'content-type': 'application/json',
    });
    const good = await app.inject({
      method: 'POST',
      url: '/webhooks/svix',
      headers: headers(SVIX_SECRET),
      payload: BODY,
    });
    assert.equal(good.statusCode, 200, good.body);
    assert.deepEqual(good.json(), { ok: true, idempotencyKey: 'msg_1' });
    const other = 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=';
    const bad = await app.inject({
      method: 'POST',
      url: '/webhooks/svix',
      headers: headers(other),
      payload: BODY,
    });
    assert.equal(bad.statusCode, 401);
  });

  it('reports a route whose body Fastify already parsed as JSON', async (t) => {
    const app = Fastify();
    t.after(() => app.close());
    app.post('/parsed', async (request, reply) => {
      try {
        fromFastifyRequest(request);
        return reply.code(200).send('unexpected');
      } catch (error) {
        return reply
          .code(500)
          .send({ code: error instanceof WebhookVerificationError ? error.code : 'other' });
      }
    });
    const response = await app.inject({ method: 'POST', url: '/parsed', payload: { a: 1 } });
    assert.deepEqual(response.json(), { code: 'INVALID_REQUEST' });
  });
});
