/**
 * HMAC providers against their official SDKs, offline: @paddle/paddle-node-sdk's webhook verifier and
 * razorpay's `validateWebhookSignature` accept what hookgate signs. Neither SDK signs webhooks; the other
 * direction is the documented layout, built with node:crypto in paddle-revolut.test.ts and recipes.ts.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { Environment, Paddle } from '@paddle/paddle-node-sdk';
import Razorpay from 'razorpay';
import { hmacScheme } from '../../../src/verify/schemes/hmac.ts';
import { assertOk, check, plain, request, signWith } from './helpers.ts';

const PADDLE_SECRET = 'pdl_ntfset_01h8zr4pq3w7aq1b0cdbj2m9f4_Y1Mdl2tGq2nQ';
const RAZORPAY_SECRET = 'rzp_webhook_secret_0123';
const PADDLE_BODY = Buffer.from(
  '{"event_id":"evt_01h","notification_id":"ntf_01h","event_type":"transaction.paid","data":{"id":"txn_1","note":"héllo"}}',
);
const RAZORPAY_BODY = Buffer.from(
  '{"entity":"event","event":"payment.captured","payload":{"payment":{"entity":{"id":"pay_1","amount":4200}}}}',
);

const paddle = new Paddle('pdl_sdbx_apikey_01hxyz0123456789abcdefghij', { environment: Environment.sandbox });

describe('paddle, against @paddle/paddle-node-sdk', () => {
  it('isSignatureValid accepts what hookgate signs now, and reject another secret', async () => {
    // The SDK reads the real clock (5 s window), so sign at the real now.
    const signed = signWith('paddle', PADDLE_SECRET, new Date(), PADDLE_BODY);
    const header = signed.headers['Paddle-Signature'] ?? '';
    const body = Buffer.from(signed.body).toString('utf8');
    assert.equal(await paddle.webhooks.isSignatureValid(body, PADDLE_SECRET, header), true);
    assert.equal(await paddle.webhooks.isSignatureValid(body, `${PADDLE_SECRET}x`, header), false);
    assert.equal(await paddle.webhooks.isSignatureValid(`${body} `, PADDLE_SECRET, header), false);
  });

  it('hookgate accepts the SDK layout, and what the SDK rejects as stale hookgate rejects too', async () => {
    const now = new Date();
    const ts = Math.floor(now.getTime() / 1000);
    const h1 = createHmac('sha256', PADDLE_SECRET).update(`${ts}:${PADDLE_BODY}`).digest('hex');
    const header = `ts=${ts};h1=${h1}`;
    assert.equal(await paddle.webhooks.isSignatureValid(PADDLE_BODY.toString(), PADDLE_SECRET, header), true);
    const req = request({ 'Paddle-Signature': header }, PADDLE_BODY);
    assertOk(await check('paddle', req, [plain(PADDLE_SECRET)], {}, now), 'ntf_01h');
    const staleTs = ts - 60;
    const stale = `ts=${staleTs};h1=${createHmac('sha256', PADDLE_SECRET).update(`${staleTs}:${PADDLE_BODY}`).digest('hex')}`;
    assert.equal(await paddle.webhooks.isSignatureValid(PADDLE_BODY.toString(), PADDLE_SECRET, stale), false);
    const result = await check(
      'paddle',
      request({ 'Paddle-Signature': stale }, PADDLE_BODY),
      [plain(PADDLE_SECRET)],
      {},
      now,
    );
    assert.equal(result.ok, false);
  });
});

describe('razorpay, against Razorpay.validateWebhookSignature', () => {
  it('accepts what hookgate signs, and rejects another secret or body', () => {
    const signed = signWith('razorpay', RAZORPAY_SECRET, undefined, RAZORPAY_BODY);
    const signature = signed.headers['X-Razorpay-Signature'] ?? '';
    const body = Buffer.from(signed.body).toString('utf8');
    assert.equal(Razorpay.validateWebhookSignature(body, signature, RAZORPAY_SECRET), true);
    assert.equal(Razorpay.validateWebhookSignature(body, signature, `${RAZORPAY_SECRET}x`), false);
    assert.equal(Razorpay.validateWebhookSignature(`${body} `, signature, RAZORPAY_SECRET), false);
  });

  it('hookgate accepts the signature the SDK validates, in the razorpay mode and the generic preset', async () => {
    const signature = createHmac('sha256', RAZORPAY_SECRET).update(RAZORPAY_BODY).digest('hex');
    assert.equal(
      Razorpay.validateWebhookSignature(RAZORPAY_BODY.toString(), signature, RAZORPAY_SECRET),
      true,
    );
    const req = request({ 'X-Razorpay-Signature': signature, 'x-razorpay-event-id': 'evt_9' }, RAZORPAY_BODY);
    assertOk(await check('razorpay', req, [plain(RAZORPAY_SECRET)]), 'evt_9');
    const preset = hmacScheme.config.parse({ mode: 'hmac', preset: 'razorpay' });
    assertOk(await hmacScheme.verify(req, preset, [plain(RAZORPAY_SECRET)], new Date()), 'evt_9');
  });
});
