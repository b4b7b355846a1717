/**
 * Twilio's own SDK as the oracle, both ways: `getExpectedTwilioSignature` signs → hookgate accepts, and what
 * hookgate signs passes `validateRequest` (forms) / `validateRequestWithBody` (JSON with bodySHA256).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import twilio from 'twilio';
import { assertFails, assertOk, check, NOW, plain, request, scheme } from './helpers.ts';

const TOKEN = '12345678901234567890123456789012';
const URL_BASE = 'https://hooks.example.com/webhooks/in/con_1?x=1';
const FORM = 'To=%2B15551234567&From=%2B15557654321&Body=Hi+there&MediaUrl0=b&MediaUrl0=a&AccountSid=AC1';
const JSON_BODY = '{"sid":"SM1","status":"delivered","note":"héllo"}';
const FORM_TYPE = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** The form as Express's urlencoded parser hands it to Twilio's validator (repeated keys → arrays). */
function params(form: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(form)) {
    const seen = out[key];
    out[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return out;
}

function formRequest(signature: string, form = FORM, publicUrl = URL_BASE) {
  return request({ ...FORM_TYPE, 'X-Twilio-Signature': signature }, Buffer.from(form), { publicUrl });
}

function hookgateSigned(body: string, url = URL_BASE) {
  const signer = scheme('twilio').sign;
  assert.ok(signer);
  return signer(Buffer.from(body), { mode: 'twilio' }, TOKEN, NOW, url);
}

describe('twilio, against the twilio SDK', () => {
  it('accepts form requests the SDK signs (sorted params, repeated keys), and rejects other tokens', async () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_BASE, params(FORM));
    assertOk(await check('twilio', formRequest(signature), [plain(TOKEN)]));
    const other = twilio.getExpectedTwilioSignature(`${TOKEN}x`, URL_BASE, params(FORM));
    assertFails(await check('twilio', formRequest(other), [plain(TOKEN)]), 'HMAC signature mismatch');
  });

  it('accepts a repeated identical parameter as the SDK counts it (once)', async () => {
    const form = 'Body=hi&Tag=a&Tag=a';
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_BASE, params(form));
    assertOk(await check('twilio', formRequest(signature, form), [plain(TOKEN)]));
  });

  it('accepts signatures over the URL with its default port, or as the SDK normalizes it', async () => {
    const withPort = 'https://hooks.example.com:443/webhooks/in/con_1?x=1';
    const portSigned = twilio.getExpectedTwilioSignature(TOKEN, withPort, params(FORM));
    assertOk(await check('twilio', formRequest(portSigned), [plain(TOKEN)]));
    const raw = "https://hooks.example.com/webhooks/in/con_1?name=O'Brien";
    const normalized = twilio.getExpectedTwilioSignature(TOKEN, new URL(raw).toString(), params(FORM));
    assertOk(await check('twilio', formRequest(normalized, FORM, raw), [plain(TOKEN)]));
  });

  it('signs form requests the SDK validates', () => {
    const signed = hookgateSigned(FORM);
    const header = signed.headers['X-Twilio-Signature'] ?? '';
    assert.equal(signed.url, undefined);
    assert.equal(twilio.validateRequest(TOKEN, header, URL_BASE, params(FORM)), true);
    assert.equal(twilio.validateRequest(`${TOKEN}x`, header, URL_BASE, params(FORM)), false);
  });

  it('accepts JSON requests the SDK signs with bodySHA256 in the URL', async () => {
    const url = `${URL_BASE}&bodySHA256=${twilio.getExpectedBodyHash(JSON_BODY)}`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {});
    const headers = { 'Content-Type': 'application/json', 'X-Twilio-Signature': signature };
    assertOk(
      await check('twilio', request(headers, Buffer.from(JSON_BODY), { publicUrl: url }), [plain(TOKEN)]),
    );
    const tampered = request(headers, Buffer.from(JSON_BODY.replace('SM1', 'SM2')), { publicUrl: url });
    assertFails(await check('twilio', tampered, [plain(TOKEN)]), 'Twilio bodySHA256 does not match the body');
  });

  it('signs JSON requests the SDK validates with validateRequestWithBody', () => {
    const signed = hookgateSigned(JSON_BODY);
    assert.ok(signed.url?.includes('bodySHA256='));
    const header = signed.headers['X-Twilio-Signature'] ?? '';
    assert.equal(twilio.validateRequestWithBody(TOKEN, header, signed.url ?? '', JSON_BODY), true);
    assert.equal(twilio.validateRequestWithBody(TOKEN, header, signed.url ?? '', `${JSON_BODY} `), false);
  });
});
