/**
 * Documented requests for URL-signed, public-key and static-token providers (see recipes.ts), built with
 * node:crypto only.
 */
import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { BODY, NOW, NOW_SECONDS, PUBLIC_URL } from './helpers.ts';
import type { Recipe } from './recipes.ts';

/** The shared test secret (same as recipes.ts). */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const hmac = (alg: string, data: string | Buffer, key: string | Buffer = SECRET) =>
  createHmac(alg, key).update(data).digest();
const withBody = (prefix: string, suffix = '') =>
  Buffer.concat([Buffer.from(prefix), BODY, Buffer.from(suffix)]);
const plain = { kind: 'plain', secret: SECRET } as const;

const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherEd = generateKeyPairSync('ed25519');
const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const FORM = Buffer.from('To=%2B15551234567&From=%2B15557654321&Body=Hi+there&AccountSid=AC1');
const HUBSPOT_URL = 'https://hooks.example.com/webhooks/in/con_1?email=a%40b.com&t=x%3Ay';

/** Another public key of the same family, for wrong-credential tests. */
export function otherPublicKey(id: string): string {
  const pair = id === 'discord' ? otherEd : otherEc;
  return pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

/** Recipes for URL-signed, public-key and token providers, by mode id. */
export const OTHER_RECIPES: Readonly<Record<string, () => Recipe>> = {
  square: () => ({
    headers: {
      'x-square-hmacsha256-signature': hmac(
        'sha256',
        Buffer.concat([Buffer.from(PUBLIC_URL), BODY]),
      ).toString('base64'),
    },
    signature: { header: 'x-square-hmacsha256-signature', encoding: 'base64' },
    credential: plain,
  }),
  trello: () => ({
    headers: { 'X-Trello-Webhook': hmac('sha1', withBody('', PUBLIC_URL)).toString('base64') },
    signature: { header: 'X-Trello-Webhook', encoding: 'base64' },
    credential: plain,
  }),
  hubspot_v3: () => {
    const uri = 'https://hooks.example.com/webhooks/in/con_1?email=a@b.com&t=x:y';
    const ts = String(NOW.getTime());
    return {
      headers: {
        'X-HubSpot-Signature-v3': hmac(
          'sha256',
          Buffer.concat([Buffer.from(`POST${uri}`), BODY, Buffer.from(ts)]),
        ).toString('base64'),
        'X-HubSpot-Request-Timestamp': ts,
      },
      publicUrl: HUBSPOT_URL,
      signature: { header: 'X-HubSpot-Signature-v3', encoding: 'base64' },
      credential: plain,
    };
  },
  hubspot_v2: () => ({
    headers: {
      'X-HubSpot-Signature': createHash('sha256')
        .update(withBody(`${SECRET}POST${PUBLIC_URL}`))
        .digest('hex'),
    },
    signature: { header: 'X-HubSpot-Signature', encoding: 'hex' },
    credential: plain,
  }),
  hubspot_v1: () => ({
    headers: { 'X-HubSpot-Signature': createHash('sha256').update(withBody(SECRET)).digest('hex') },
    signature: { header: 'X-HubSpot-Signature', encoding: 'hex' },
    credential: plain,
  }),
  mandrill: () => {
    const body = Buffer.from('mandrill_events=%5B%5D&b=2&a=1');
    return {
      headers: {
        'X-Mandrill-Signature': hmac('sha1', `${PUBLIC_URL}a1b2mandrill_events[]`).toString('base64'),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body,
      signature: { header: 'X-Mandrill-Signature', encoding: 'base64' },
      credential: plain,
    };
  },
  twilio: () => ({
    // Sorted: AccountSid, Body, From, To; each name then value appended to the URL.
    headers: {
      'X-Twilio-Signature': hmac(
        'sha1',
        `${PUBLIC_URL}AccountSidAC1BodyHi thereFrom+15557654321To+15551234567`,
      ).toString('base64'),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: FORM,
    signature: { header: 'X-Twilio-Signature', encoding: 'base64' },
    credential: plain,
  }),
  discord: () => ({
    headers: {
      'X-Signature-Ed25519': sign(null, withBody(String(NOW_SECONDS)), ed.privateKey).toString('hex'),
      'X-Signature-Timestamp': String(NOW_SECONDS),
    },
    signature: { header: 'X-Signature-Ed25519', encoding: 'hex' },
    credential: {
      kind: 'public_key',
      publicKey: ed.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex'),
    },
  }),
  sendgrid: () => ({
    headers: {
      'X-Twilio-Email-Event-Webhook-Signature': sign(
        'sha256',
        withBody(String(NOW_SECONDS)),
        ec.privateKey,
      ).toString('base64'),
      'X-Twilio-Email-Event-Webhook-Timestamp': String(NOW_SECONDS),
    },
    signature: { header: 'X-Twilio-Email-Event-Webhook-Signature', encoding: 'base64' },
    credential: {
      kind: 'public_key',
      publicKey: ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    },
  }),
  gitlab: () => ({ headers: { 'X-Gitlab-Token': SECRET }, credential: plain }),
  telegram: () => ({ headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET }, credential: plain }),
  okta: () => ({ headers: { Authorization: SECRET }, credential: plain }),
  postmark: () => ({
    headers: { Authorization: `Basic ${Buffer.from('hooks:s3cret pass').toString('base64')}` },
    credential: { kind: 'plain', secret: 'hooks:s3cret pass' },
  }),
};
