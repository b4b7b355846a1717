import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { PROVIDER_SCHEMES, PROVIDER_SPECS } from '../../../src/verify/providers/index.ts';
import type { CredentialVersion } from '../../../src/verify/types.ts';
import { assertFails, assertOk, at, BODY, fromSigned, NOW, PUBLIC_URL } from './helpers.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const HEX_KEY = '44782def547aaa06c910c43932b1eb0c71fc68d9d0c057550c48ec2acc8ebb8c';
const ADYEN_BODY = Buffer.from(
  '{"live":"false","notificationItems":[{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1130},"eventCode":"AUTHORISATION","merchantAccountCode":"Acme","merchantReference":"order-1","pspReference":"7914073381342284","success":"true"}}]}',
);

const ed25519 = generateKeyPairSync('ed25519');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (
  key: { export(o: { format: 'pem'; type: 'spki' | 'pkcs8' }): string | Buffer },
  type: 'spki' | 'pkcs8',
) => key.export({ format: 'pem', type }).toString();

/** The signing secret and the credential that verifies it, per scheme. */
function material(id: string): { secret: string; credential: CredentialVersion; other: CredentialVersion } {
  const spec = PROVIDER_SPECS.find((s) => s.id === id);
  if (spec?.algorithm === 'ed25519' || spec?.algorithm === 'ecdsa-p256-sha256') {
    const mine = spec.algorithm === 'ed25519' ? ed25519 : p256;
    const otherPair =
      spec.algorithm === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      secret: pem(mine.privateKey, 'pkcs8'),
      credential: { id: 'k1', kind: 'public_key', publicKey: pem(mine.publicKey, 'spki') },
      other: { id: 'k0', kind: 'public_key', publicKey: pem(otherPair.publicKey, 'spki') },
    };
  }
  const secret = id === 'adyen' ? HEX_KEY : SECRET;
  const other = id === 'adyen' ? HEX_KEY.replace('4', '5') : 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=';
  return {
    secret,
    credential: { id: 'v1', kind: 'plain', secret },
    other: { id: 'v0', kind: 'plain', secret: other },
  };
}

const FORM_BODY = Buffer.from('mandrill_events=%5B%7B%22event%22%3A%22send%22%7D%5D&z=1&a=2');

/** The body a provider sends: Adyen notifications, Mandrill forms, JSON elsewhere. */
function bodyFor(id: string): Uint8Array {
  return id === 'adyen' ? ADYEN_BODY : id === 'mandrill' ? FORM_BODY : BODY;
}

/** The same request with a signed part of its body changed. */
function tampered(id: string, body: Uint8Array): Buffer {
  const text = Buffer.from(body).toString();
  if (id === 'adyen') return Buffer.from(text.replace('1130', '1131'));
  if (id === 'mandrill') return Buffer.from(text.replace('z=1', 'z=2'));
  return Buffer.from(text.replace('4200', '4201'));
}

function sign(id: string, secret: string, when = NOW, body: Uint8Array = bodyFor(id)) {
  const scheme = PROVIDER_SCHEMES[id];
  assert.ok(scheme?.sign, `${id} has a signer`);
  const signed = scheme.sign(body, { mode: id }, secret, when, PUBLIC_URL);
  return fromSigned(signed, { publicUrl: signed.url ?? PUBLIC_URL });
}

async function verify(
  id: string,
  request: ReturnType<typeof sign>,
  credentials: readonly CredentialVersion[],
  now = NOW,
) {
  const scheme = PROVIDER_SCHEMES[id];
  assert.ok(scheme);
  return scheme.verify(request, { mode: id }, credentials, now);
}

describe('every catalogue provider, signed by its own signer', () => {
  it('has at least 50 providers, all with a signer', () => {
    assert.ok(Object.keys(PROVIDER_SCHEMES).length >= 50);
    for (const [id, scheme] of Object.entries(PROVIDER_SCHEMES)) assert.ok(scheme.sign, `${id} can sign`);
  });

  for (const id of Object.keys(PROVIDER_SCHEMES)) {
    it(`${id}: verifies, then rejects another credential, a changed body and missing credentials`, async () => {
      const { secret, credential, other } = material(id);
      const request = sign(id, secret);
      assertOk(await verify(id, request, [credential]));
      assertOk(await verify(id, request, [other, credential]));
      const wrong = await verify(id, request, [other]);
      assert.equal(wrong.ok, false);
      const spec = PROVIDER_SPECS.find((s) => s.id === id);
      // Token schemes sign nothing; Mailgun signs only `timestamp + token`, not the event data.
      if (spec?.algorithm !== 'token' && id !== 'mailgun') {
        const changed = { ...request, body: tampered(id, request.body) };
        assert.equal((await verify(id, changed, [credential])).ok, false, 'a changed body fails');
      }
      assertFails(await verify(id, request, []), 'Connection is missing its signing credential');
      const bare = { ...request, headers: {}, body: Buffer.from('{}') };
      const missing = await verify(id, bare, [credential]);
      assert.equal(missing.ok, false);
      if (!missing.ok) assert.match(missing.message, /^UNAUTHORIZED: Missing /);
    });
  }

  for (const spec of PROVIDER_SPECS.filter((s) => s.timestamp !== undefined && s.tolerance !== null)) {
    it(`${spec.id}: enforces ±${spec.tolerance} s on both sides`, async () => {
      const { secret, credential } = material(spec.id);
      const tolerance = spec.tolerance ?? 300;
      for (const offset of [-(tolerance + 2), tolerance + 2]) {
        const result = await verify(spec.id, sign(spec.id, secret, at(offset)), [credential]);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.message, /signature timestamp outside ±/);
      }
      for (const offset of [-(tolerance - 1), tolerance - 1]) {
        assertOk(await verify(spec.id, sign(spec.id, secret, at(offset)), [credential]));
      }
    });
  }
});
