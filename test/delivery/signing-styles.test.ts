import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { hookgateSignatureScheme } from '../../src/delivery/signing/hookgate-signature.ts';
import { apiKeyScheme } from '../../src/verify/schemes/api-key.ts';
import { bodyHashScheme } from '../../src/verify/schemes/body-hash.ts';
import { hmacScheme } from '../../src/verify/schemes/hmac.ts';
import type { VerifyRequest } from '../../src/verify/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { deliveryHarness } from './helpers/harness.ts';
import { type Sink, type SinkRequest, startSink } from './helpers/sink.ts';

let sink: Sink;
before(async () => {
  sink = await startSink();
});
after(() => sink.close());

function asVerifyRequest(request: SinkRequest): VerifyRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === 'string') headers[name] = value;
  return { method: 'POST', url: request.url, headers, body: Buffer.from(request.body, 'utf8') };
}

const plain = (secret: string) => [{ id: 'v1', kind: 'plain' as const, secret }];
/** Whole seconds of real time: the standardwebhooks library checks timestamps against Date.now(). */
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

await forEachStore('signing styles', (fresh) => {
  /** Delivers one message to the sink with `signing`; the clock is real time (standardwebhooks checks it). */
  async function deliverWith(t: Parameters<typeof fresh>[0], signing: Record<string, unknown>) {
    const store = await fresh(t);
    const h = deliveryHarness(store, t, { start: NOW.getTime() });
    const { application, secret: appSecret } = await h.application();
    const { endpoint, secret: ownSecret } = await h.endpoint(application.id, {
      url: sink.url,
      signing: signing as never,
      headers: { 'X-Tenant': 'acme' },
    });
    const received = sink.next();
    const messageId = await h.publish(application.id);
    const summary = await h.worker().runOnce();
    assert.equal(summary.succeeded, 1, h.logs.join(''));
    const request = await received;
    const message = await store.delivery.getMessage(messageId);
    return { request, appSecret, ownSecret, endpoint, message, store };
  }

  test('standard_webhooks: verifies with the standardwebhooks library; envelope and headers', async (t) => {
    const { request, appSecret, message } = await deliverWith(t, { style: 'standard_webhooks' });
    const headers = request.headers as Record<string, string>;
    const verified = new Webhook(appSecret).verify(request.body, headers) as Record<string, unknown>;
    assert.equal(verified.id, message?.eventId);
    assert.equal(headers['webhook-id'], message?.eventId);
    assert.equal(headers['x-hookgate-event'], 'order.updated');
    assert.equal(headers['x-hookgate-event-id'], message?.eventId);
    assert.equal(headers['x-hookgate-attempt'], '1');
    assert.equal(headers['x-hookgate-timestamp'], String(NOW.getTime() / 1000));
    assert.equal(headers['idempotency-key'], message?.eventId);
    assert.equal(headers['x-tenant'], 'acme');
    assert.deepEqual(verified, {
      id: message?.eventId,
      type: 'order.updated',
      timestamp: NOW.toISOString(),
      data: { orderId: 42 },
      meta: {
        eventId: message?.eventId,
        event: 'order.updated',
        occurredAt: NOW.toISOString(),
        applicationId: message?.applicationId,
        messageId: message?.id,
        apiVersion: '2026-01-01',
        attempt: 1,
      },
    });
  });

  test('standard_webhooks with an endpoint secret (whsec_) verifies with the library', async (t) => {
    const { request, ownSecret } = await deliverWith(t, {
      style: 'standard_webhooks',
      secretScope: 'endpoint',
    });
    assert.match(ownSecret ?? '', /^whsec_/);
    new Webhook(ownSecret ?? '').verify(request.body, request.headers as Record<string, string>);
  });

  test('hookgate: X-Hookgate-Signature t=,v1= verifies with the hookgate verifier', async (t) => {
    const { request, appSecret } = await deliverWith(t, { style: 'hookgate' });
    assert.match(
      String(request.headers['x-hookgate-signature']),
      new RegExp(`^t=${NOW.getTime() / 1000},v1=[0-9a-f]{64}$`),
    );
    const result = await hookgateSignatureScheme.verify(
      asVerifyRequest(request),
      { mode: 'hookgate' },
      plain(appSecret),
      NOW,
    );
    assert.equal(result.ok, true);
    const wrong = await hookgateSignatureScheme.verify(
      asVerifyRequest(request),
      { mode: 'hookgate' },
      plain('x'.repeat(64)),
      NOW,
    );
    assert.equal(wrong.ok, false);
  });

  test('hmac_header (Flintn): X-Signature-Primary verifies with the inbound hmac verifier', async (t) => {
    const { request, appSecret } = await deliverWith(t, { style: 'hmac_header' });
    const config = {
      mode: 'hmac' as const,
      header: 'X-Signature-Primary',
      encoding: 'hex' as const,
      algorithm: 'sha256' as const,
    };
    assert.equal((await hmacScheme.verify(asVerifyRequest(request), config, plain(appSecret), NOW)).ok, true);
  });

  test('api_key (Xoxo): the endpoint key in x-api-key verifies with the api_key verifier', async (t) => {
    const { request, ownSecret, endpoint } = await deliverWith(t, {
      style: 'api_key',
      secret: 'a1p2z5b7v68b9112234',
    });
    assert.equal(ownSecret, undefined, 'a given key is not echoed back');
    assert.equal(endpoint.secretPreview, 'a1p2z5…2234');
    const config = { mode: 'api_key' as const, header: 'x-api-key', format: 'xoxo' as const };
    const result = await apiKeyScheme.verify(
      asVerifyRequest(request),
      config,
      plain('a1p2z5b7v68b9112234'),
      NOW,
    );
    assert.equal(result.ok, true);
  });

  test('body_hash (We-Link): the hash field verifies with the inbound body_hash verifier', async (t) => {
    const { request, appSecret } = await deliverWith(t, { style: 'body_hash' });
    const body = JSON.parse(request.body) as Record<string, unknown>;
    assert.match(String(body.hash), /^[0-9a-f]{64}$/);
    assert.equal(Object.keys(body).at(-1), 'hash');
    const result = await bodyHashScheme.verify(
      asVerifyRequest(request),
      { mode: 'body_hash', field: 'hash' },
      plain(appSecret),
      NOW,
    );
    assert.equal(result.ok, true);
  });

  test('bearer and basic send the endpoint credential in Authorization; none sends nothing', async (t) => {
    const bearer = await deliverWith(t, { style: 'bearer' });
    assert.equal(bearer.request.headers.authorization, `Bearer ${bearer.ownSecret}`);
    const basic = await deliverWith(t, { style: 'basic', username: 'acme' });
    const decoded = Buffer.from(
      String(basic.request.headers.authorization).replace(/^Basic /, ''),
      'base64',
    ).toString();
    assert.equal(decoded, `acme:${basic.ownSecret}`);
    const none = await deliverWith(t, { style: 'none' });
    assert.equal(none.request.headers.authorization, undefined);
    assert.equal(none.request.headers['x-hookgate-signature'], undefined);
  });

  test('rotation with grace: both signatures during the grace, only the new one after', async (t) => {
    const store = await fresh(t);
    const h = deliveryHarness(store, t, { start: NOW.getTime() });
    const { application, secret: oldSecret } = await h.application();
    await h.endpoint(application.id, {
      url: sink.url,
      signing: { style: 'standard_webhooks', secretScope: 'application' },
    });
    const rotated = await h.applications.rotate(application.id, { graceSeconds: 60 });
    assert.ok(rotated.ok);
    const newSecret = rotated.value.secret ?? '';
    const worker = h.worker();
    let received = sink.next();
    await h.publish(application.id);
    await worker.runOnce();
    let request = await received;
    assert.equal(String(request.headers['webhook-signature']).split(' ').length, 2);
    new Webhook(oldSecret).verify(request.body, request.headers as Record<string, string>);
    new Webhook(newSecret).verify(request.body, request.headers as Record<string, string>);
    h.clock.advance(60_000);
    // standardwebhooks checks ±5 min against real time: 60 s later is still inside.
    received = sink.next();
    await h.publish(application.id);
    await worker.runOnce();
    request = await received;
    assert.equal(String(request.headers['webhook-signature']).split(' ').length, 1);
    assert.throws(() =>
      new Webhook(oldSecret).verify(request.body, request.headers as Record<string, string>),
    );
  });
});
