/**
 * Public-key providers against their official libraries: discord-interactions `verifyKey` and
 * @sendgrid/eventwebhook `EventWebhook.verifySignature` accept what hookgate signs with a generated key pair.
 * Neither library signs; the other direction uses node:crypto (Discord) and starkbank-ecdsa, the ECDSA library
 * @sendgrid/eventwebhook verifies with (SendGrid).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import { verifyKey } from 'discord-interactions';
import { assertFails, assertOk, BODY, check, NOW_SECONDS, publicKey, request, signWith } from './helpers.ts';

const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ED_PRIVATE = ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const ED_PUBLIC_HEX = ed.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
const EC_PRIVATE = ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const EC_PUBLIC_B64 = ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

interface StarkbankEcdsa {
  Ecdsa: { sign(message: string, key: unknown): { toBase64(): string } };
  PrivateKey: { fromPem(pem: string): unknown };
}
const requireFromSendgrid = createRequire(createRequire(import.meta.url).resolve('@sendgrid/eventwebhook'));
const starkbank = requireFromSendgrid('starkbank-ecdsa') as StarkbankEcdsa;

const bodies = [BODY, Buffer.from('[{"email":"a@example.com","event":"processed","sg_event_id":"x1"}]\r\n')];

describe('discord, against discord-interactions', () => {
  it('verifyKey accepts what hookgate signs, and rejects a changed body or timestamp', async () => {
    for (const body of bodies) {
      const signed = signWith('discord', ED_PRIVATE, undefined, body);
      const signature = signed.headers['X-Signature-Ed25519'] ?? '';
      const timestamp = signed.headers['X-Signature-Timestamp'] ?? '';
      assert.equal(await verifyKey(signed.body, signature, timestamp, ED_PUBLIC_HEX), true);
      assert.equal(await verifyKey(Buffer.from(`${body} `), signature, timestamp, ED_PUBLIC_HEX), false);
      assert.equal(await verifyKey(signed.body, signature, `${Number(timestamp) + 1}`, ED_PUBLIC_HEX), false);
    }
  });

  it('hookgate accepts what verifyKey accepts, with the same hex public key', async () => {
    const timestamp = String(NOW_SECONDS);
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), BODY]), ed.privateKey).toString(
      'hex',
    );
    assert.equal(await verifyKey(BODY, signature, timestamp, ED_PUBLIC_HEX), true);
    const headers = { 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': timestamp };
    assertOk(await check('discord', request(headers), [publicKey(ED_PUBLIC_HEX)]));
    const other = { ...headers, 'X-Signature-Timestamp': String(NOW_SECONDS + 1) };
    assertFails(
      await check('discord', request(other), [publicKey(ED_PUBLIC_HEX)]),
      'Ed25519 signature mismatch',
    );
  });
});

describe('sendgrid, against @sendgrid/eventwebhook', () => {
  const webhook = new EventWebhook();
  const key = webhook.convertPublicKeyToECDSA(EC_PUBLIC_B64);

  it('verifySignature accepts what hookgate signs with the dashboard-format (base64 DER) key', () => {
    for (const body of bodies) {
      const signed = signWith('sendgrid', EC_PRIVATE, undefined, body);
      const signature = signed.headers[EventWebhookHeader.SIGNATURE()] ?? '';
      const timestamp = signed.headers[EventWebhookHeader.TIMESTAMP()] ?? '';
      assert.equal(webhook.verifySignature(key, Buffer.from(signed.body), signature, timestamp), true);
      assert.equal(webhook.verifySignature(key, `${body}x`, signature, timestamp), false);
    }
  });

  it('hookgate accepts what starkbank-ecdsa (the library SendGrid verifies with) signs', async () => {
    const timestamp = String(NOW_SECONDS);
    const privateKey = starkbank.PrivateKey.fromPem(
      ec.privateKey.export({ format: 'pem', type: 'sec1' }).toString(),
    );
    const signature = starkbank.Ecdsa.sign(`${timestamp}${BODY}`, privateKey).toBase64();
    assert.equal(webhook.verifySignature(key, BODY, signature, timestamp), true);
    const headers = {
      [EventWebhookHeader.SIGNATURE()]: signature,
      [EventWebhookHeader.TIMESTAMP()]: timestamp,
    };
    assertOk(await check('sendgrid', request(headers), [publicKey(EC_PUBLIC_B64)]));
    const changed = request(headers, Buffer.from(`${BODY} `));
    assertFails(await check('sendgrid', changed, [publicKey(EC_PUBLIC_B64)]), 'ECDSA signature mismatch');
  });
});
