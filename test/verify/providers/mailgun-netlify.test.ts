import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertFails, assertOk, at, check, NOW, NOW_SECONDS, plain, request, signWith } from './helpers.ts';

describe('mailgun (signature in the body)', () => {
  const KEY = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';

  function body(
    timestamp = String(NOW_SECONDS),
    token = 'a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0',
    key = KEY,
  ): Buffer {
    const signature = createHmac('sha256', key)
      .update(timestamp + token)
      .digest('hex');
    return Buffer.from(
      JSON.stringify({
        signature: { timestamp, token, signature },
        'event-data': { id: 'ev-1', event: 'delivered' },
      }),
    );
  }

  it('accepts the documented signature object and keys idempotency on event-data.id', async () => {
    assertOk(await check('mailgun', request({}, body()), [plain(KEY)]), 'ev-1');
  });

  it('rejects another key, a changed token and a missing signature', async () => {
    assertFails(
      await check('mailgun', request({}, body(undefined, undefined, 'other')), [plain(KEY)]),
      'HMAC signature mismatch',
    );
    const changed = Buffer.from(body().toString().replace('"a8ce', '"b8ce'));
    assertFails(await check('mailgun', request({}, changed), [plain(KEY)]), 'HMAC signature mismatch');
    assertFails(
      await check('mailgun', request({}, Buffer.from('{"event-data":{}}')), [plain(KEY)]),
      'Missing signature.signature in body',
    );
  });

  it('windows the timestamp only when auth.tolerance is set, and its signer round-trips', async () => {
    const old = request({}, body(String(NOW_SECONDS - 7200)));
    assertOk(await check('mailgun', old, [plain(KEY)]));
    assertFails(
      await check('mailgun', old, [plain(KEY)], { tolerance: 600 }),
      'Mailgun signature timestamp outside ±10 min tolerance',
    );
    const signed = signWith('mailgun', KEY, at(0), Buffer.from('{"event-data":{"id":"ev-2"}}'));
    assertOk(await check('mailgun', request(signed.headers, signed.body), [plain(KEY)]), 'ev-2');
  });
});

describe('netlify (JWS)', () => {
  const SECRET = 'netlify-jws-secret';
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  function jws(claims: unknown, secret = SECRET, header: unknown = { alg: 'HS256', typ: 'JWT' }): string {
    const input = `${b64(header)}.${b64(claims)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  }

  const sha = createHash('sha256').update('{"state":"ready"}').digest('hex');
  const body = Buffer.from('{"state":"ready"}');

  it('accepts a JWS whose claims pin the body hash, and its own signer', async () => {
    assertOk(
      await check('netlify', request({ 'X-Webhook-Signature': jws({ iss: 'netlify', sha256: sha }) }, body), [
        plain(SECRET),
      ]),
    );
    const signed = signWith('netlify', SECRET, NOW, body);
    assertOk(await check('netlify', request(signed.headers, signed.body), [plain(SECRET)]));
  });

  it('rejects another secret, another issuer, another body, alg none and garbage', async () => {
    const header = (value: string) => request({ 'X-Webhook-Signature': value }, body);
    assertFails(
      await check('netlify', header(jws({ iss: 'netlify', sha256: sha }, 'x')), [plain(SECRET)]),
      'JWS signature mismatch',
    );
    assertFails(
      await check('netlify', header(jws({ iss: 'evil', sha256: sha })), [plain(SECRET)]),
      'Netlify JWS issuer is not netlify',
    );
    const other = request({ 'X-Webhook-Signature': jws({ iss: 'netlify', sha256: sha }) }, Buffer.from('{}'));
    assertFails(await check('netlify', other, [plain(SECRET)]), 'Netlify body hash mismatch');
    assertFails(
      await check('netlify', header(jws({ iss: 'netlify', sha256: sha }, SECRET, { alg: 'none' })), [
        plain(SECRET),
      ]),
      'Malformed JWS in X-Webhook-Signature',
    );
    assertFails(
      await check('netlify', header('a.b'), [plain(SECRET)]),
      'Malformed JWS in X-Webhook-Signature',
    );
  });
});
