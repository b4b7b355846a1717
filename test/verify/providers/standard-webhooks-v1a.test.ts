import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  assertFails,
  assertOk,
  BODY,
  check,
  NOW_SECONDS,
  publicKey,
  request,
  scheme,
  signWith,
} from './helpers.ts';

const pair = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const rawPublic = (key = pair.publicKey) => key.export({ format: 'der', type: 'spki' }).subarray(12);
const WHPK = `whpk_${rawPublic().toString('base64')}`;
const PEM = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const PRIVATE_PEM = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

function headers(ts = NOW_SECONDS, key = pair.privateKey, id = 'msg_1'): Record<string, string> {
  const signature = sign(null, Buffer.concat([Buffer.from(`${id}.${ts}.`), BODY]), key).toString('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1a,${signature}` };
}

describe('standard_webhooks_v1a (Ed25519)', () => {
  it('accepts a v1a signature with the key as whpk_, hex, base64 or PEM', async () => {
    for (const key of [WHPK, rawPublic().toString('hex'), rawPublic().toString('base64'), PEM]) {
      assertOk(await check('standard_webhooks_v1a', request(headers()), [publicKey(key)]), 'msg_1');
    }
  });

  it('signs with a private key (PEM) what the public key verifies', async () => {
    const signed = signWith('standard_webhooks_v1a', PRIVATE_PEM);
    assert.match(signed.headers['webhook-signature'] ?? '', /^v1a,/);
    assertOk(await check('standard_webhooks_v1a', request(signed.headers, signed.body), [publicKey(WHPK)]));
  });

  it('rejects another key, a changed body, a stale timestamp and a v1-only header', async () => {
    const otherKey = `whpk_${rawPublic(other.publicKey).toString('base64')}`;
    assertFails(
      await check('standard_webhooks_v1a', request(headers()), [publicKey(otherKey)]),
      'Ed25519 signature mismatch',
    );
    const changed = request(headers(), Buffer.from('{}'));
    assertFails(
      await check('standard_webhooks_v1a', changed, [publicKey(WHPK)]),
      'Ed25519 signature mismatch',
    );
    const stale = request(headers(NOW_SECONDS - 301));
    assertFails(
      await check('standard_webhooks_v1a', stale, [publicKey(WHPK)]),
      'Standard Webhooks (Ed25519) signature timestamp outside ±5 min tolerance',
    );
    const v1 = request({ ...headers(), 'webhook-signature': 'v1,AAAA' });
    assertFails(
      await check('standard_webhooks_v1a', v1, [publicKey(WHPK)]),
      'No v1a signature in webhook-signature header',
    );
  });

  it('accepts one good signature among several and any of several keys', async () => {
    const good = headers()['webhook-signature'];
    const bad = headers(NOW_SECONDS, other.privateKey)['webhook-signature'];
    const list = request({ ...headers(), 'webhook-signature': `${bad} v1,AAAA ${good}` });
    assertOk(await check('standard_webhooks_v1a', list, [publicKey(WHPK)]));
    const otherKey = `whpk_${rawPublic(other.publicKey).toString('base64')}`;
    assertOk(
      await check('standard_webhooks_v1a', request(headers()), [publicKey(otherKey, 'v2'), publicKey(WHPK)]),
    );
  });

  it('validates public keys at configuration time', () => {
    const validate = scheme('standard_webhooks_v1a').validateSecret;
    assert.ok(validate);
    assert.equal(validate(WHPK, {}), null);
    assert.match(validate('not a key', {}) ?? '', /ed25519 public key/);
  });
});
