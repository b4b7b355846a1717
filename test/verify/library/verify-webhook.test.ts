import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createWebhookVerifier,
  isWebhookVerificationError,
  signWith,
  type VerifyRequest,
  verifyWebhook,
  verifyWebhookOrThrow,
  WebhookVerificationError,
} from '../../../src/verify/index.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const SECONDS = Math.floor(NOW.getTime() / 1000);
const SECRET = 'whsec_test_5f2b1c9a7e3d4b6a8c0e1f2a3b4c5d6e';
const BODY = Buffer.from('{"id":"evt_1","type":"invoice.paid"}');
const stripeOptions = { mode: 'stripe', secret: SECRET } as const;

function stripeRequest(secret = SECRET, timestamp = SECONDS): VerifyRequest {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${BODY}`).digest('hex');
  return {
    method: 'POST',
    url: '/webhooks/stripe',
    headers: { 'stripe-signature': `t=${timestamp},v1=${v1}` },
    body: BODY,
  };
}

function configError(run: () => unknown, expected: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof WebhookVerificationError);
    assert.equal(error.code, 'INVALID_CONFIG');
    assert.match(error.message, expected);
    assert.ok(!error.message.includes('not-base64!'), 'never echoes the secret');
    return true;
  });
}

describe('verifyWebhook (hookgate/verify)', () => {
  it('verifies with an injected clock and returns the provider delivery id', async () => {
    assert.deepEqual(await verifyWebhook(stripeOptions, stripeRequest(), { now: NOW }), {
      ok: true,
      idempotencyKey: 'evt_1',
    });
    const late = new Date(NOW.getTime() + 301_000);
    assert.deepEqual(await verifyWebhook(stripeOptions, stripeRequest(), { now: late }), {
      ok: false,
      code: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Stripe signature timestamp outside ±5 min tolerance',
    });
  });

  it('accepts any of several secrets during a rotation', async () => {
    const old = 'whsec_old_0000000000000000000000';
    const verifier = createWebhookVerifier({ mode: 'stripe', secret: [SECRET, old] });
    assert.equal((await verifier.verify(stripeRequest(old), { now: NOW })).ok, true);
    assert.equal((await verifier.verify(stripeRequest('whsec_third'), { now: NOW })).ok, false);
  });

  it('throws one error type, with the failure message, from the OrThrow variants', async () => {
    await assert.rejects(
      verifyWebhookOrThrow(stripeOptions, stripeRequest('whsec_other'), { now: NOW }),
      (error: unknown) => {
        assert.ok(isWebhookVerificationError(error));
        assert.equal(error.code, 'UNAUTHORIZED');
        assert.equal(error.message, 'UNAUTHORIZED: HMAC signature mismatch');
        return true;
      },
    );
    const verifier = createWebhookVerifier(stripeOptions);
    assert.deepEqual(await verifier.verifyOrThrow(stripeRequest(), { now: NOW }), {
      ok: true,
      idempotencyKey: 'evt_1',
    });
  });

  it('refuses unusable options up front, naming the field', async () => {
    configError(
      () => createWebhookVerifier({ mode: 'nope', secret: 'x' }),
      /^auth\.mode: unknown mode "nope"/,
    );
    configError(
      () => createWebhookVerifier({ mode: 'stripe' }),
      /^auth\.secret: is required for mode stripe/,
    );
    configError(
      () => createWebhookVerifier({ mode: 'svix', secret: 'not-base64!' }),
      /^auth\.secret: Svix needs/,
    );
    configError(
      () => createWebhookVerifier({ mode: 'discord', secret: 'x' }),
      /^auth\.publicKey: is required/,
    );
    configError(
      () => createWebhookVerifier({ mode: 'stripe', secret: SECRET, tolerance: 0 }),
      /^auth\.tolerance/,
    );
    await assert.rejects(verifyWebhook({ mode: 'hmac', encoding: 'rot13', secret: 's' }, stripeRequest()), {
      code: 'INVALID_CONFIG',
    });
  });

  it('fills a generic hmac preset and exposes the validated config', async () => {
    const verifier = createWebhookVerifier({
      mode: 'hmac',
      preset: 'github',
      secret: 'gh-secret-0123456789',
    });
    assert.equal(verifier.config.header, 'X-Hub-Signature-256');
    const signed = signWith(
      'hmac',
      BODY,
      { preset: 'github' },
      'gh-secret-0123456789',
      NOW,
      'https://x.example',
    );
    const request = {
      method: 'POST',
      url: '/gh',
      headers: {
        'x-hub-signature-256': signed.headers['X-Hub-Signature-256'] ?? '',
        'x-github-delivery': 'd-1',
      },
      body: BODY,
    };
    assert.deepEqual(await verifier.verify(request), { ok: true, idempotencyKey: 'd-1' });
  });

  it('rebuilds the public URL from publicUrl + path and query for URL-signed schemes', async () => {
    const token = 'twilio-auth-token-0123456789abcdef';
    const form = Buffer.from('Body=Hi&From=%2B1555');
    const url = 'https://hooks.example.com/sms/in?site=1';
    const signed = signWith('twilio', form, {}, token, NOW, url);
    const request: VerifyRequest = {
      method: 'POST',
      url: '/sms/in?site=1',
      headers: {
        'x-twilio-signature': signed.headers['X-Twilio-Signature'] ?? '',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form,
    };
    const options = { mode: 'twilio', secret: token };
    assert.match((await verifyWebhook(options, request)).ok ? '' : 'needs URL', /needs URL/);
    assert.equal(
      (await verifyWebhook(options, request, { publicUrl: 'https://hooks.example.com/' })).ok,
      true,
    );
    const configured = { ...options, publicUrl: 'https://hooks.example.com' };
    assert.equal((await verifyWebhook(configured, request)).ok, true);
  });
});
