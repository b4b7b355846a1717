import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import {
  createWebhookVerifier,
  fromFetchRequest,
  signWith,
  toFetchResponse,
  verifyWebhook,
  WebhookVerificationError,
} from '../../../src/verify/index.ts';

const SECRET = 'whsec_test_5f2b1c9a7e3d4b6a8c0e1f2a3b4c5d6e';
const BODY = '{"id":"evt_fetch","type":"invoice.paid","data":{"note":"héllo"}}';
const stripe = new Stripe('sk_test_not_used');
const verifier = createWebhookVerifier({ mode: 'stripe', secret: SECRET });

function stripeRequest(body = BODY, secret = SECRET): Request {
  const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret });
  return new Request('https://app.example.com/api/webhooks/stripe?src=1', {
    method: 'POST',
    headers: { 'Stripe-Signature': header, 'Content-Type': 'application/json' },
    body,
  });
}

describe('Fetch Request adapter (Hono, Next.js, workers)', () => {
  it('reads a real Request: raw bytes, lower-case headers, path + query, absolute URL', async () => {
    const input = await fromFetchRequest(stripeRequest());
    assert.equal(input.method, 'POST');
    assert.equal(input.url, '/api/webhooks/stripe?src=1');
    assert.equal(input.publicUrl, 'https://app.example.com/api/webhooks/stripe?src=1');
    assert.equal(Buffer.from(input.body).toString('utf8'), BODY);
    assert.ok(input.headers['stripe-signature']?.startsWith('t='));
  });

  it('verifies what the Stripe SDK signs, and leaves the body readable for the handler', async () => {
    const request = stripeRequest();
    const result = await verifyWebhook(verifier, await fromFetchRequest(request));
    assert.deepEqual(result, { ok: true, idempotencyKey: 'evt_fetch' });
    assert.equal(toFetchResponse(result), undefined);
    assert.deepEqual(await request.json(), JSON.parse(BODY));
  });

  it('turns a refusal into a 401 Response with the message, never the secret', async () => {
    const result = await verifier.verify(await fromFetchRequest(stripeRequest(BODY, 'whsec_other')));
    const response = toFetchResponse(result);
    assert.equal(response?.status, 401);
    const text = (await response?.text()) ?? '';
    assert.match(text, /UNAUTHORIZED: HMAC signature mismatch/);
    assert.ok(!text.includes(SECRET));
  });

  it('answers a provider handshake (Slack url_verification) with its Response', async () => {
    const body = Buffer.from('{"type":"url_verification","challenge":"ch4ll3nge"}');
    const now = new Date();
    const signed = signWith('slack', body, {}, 'slack-signing-secret', now, 'https://x.example');
    const request = new Request('https://app.example.com/slack', {
      method: 'POST',
      headers: signed.headers,
      body,
    });
    const result = await verifyWebhook(
      { mode: 'slack', secret: 'slack-signing-secret' },
      await fromFetchRequest(request),
    );
    const response = toFetchResponse(result);
    assert.equal(response?.status, 200);
    assert.equal(await response?.text(), 'ch4ll3nge');
  });

  it('uses the absolute URL for URL-signed schemes, or publicUrl behind a proxy', async () => {
    const secret = 'square-signature-key';
    const body = '{"event_id":"sq_1"}';
    const publicUrl = 'https://hooks.example.com/square?x=1';
    const signature = createHmac('sha256', secret)
      .update(publicUrl + body)
      .digest('base64');
    const headers = { 'x-square-hmacsha256-signature': signature };
    const internal = new Request('http://10.0.0.5:3000/square?x=1', { method: 'POST', headers, body });
    const options = { mode: 'square', secret };
    assert.equal((await verifyWebhook(options, await fromFetchRequest(internal))).ok, false);
    const rebuilt = await verifyWebhook(options, await fromFetchRequest(internal), {
      publicUrl: 'https://hooks.example.com',
    });
    assert.deepEqual(rebuilt, { ok: true, idempotencyKey: 'sq_1' });
    const direct = new Request(publicUrl, { method: 'POST', headers, body });
    assert.equal((await verifyWebhook(options, await fromFetchRequest(direct))).ok, true);
  });

  it('refuses a request whose body was already read', async () => {
    const request = stripeRequest();
    await request.text();
    await assert.rejects(fromFetchRequest(request), (error: unknown) => {
      assert.ok(error instanceof WebhookVerificationError);
      assert.equal(error.code, 'INVALID_REQUEST');
      return true;
    });
  });
});
