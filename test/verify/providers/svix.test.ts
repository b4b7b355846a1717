import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import {
  assertFails,
  assertNoLeak,
  assertOk,
  at,
  BODY,
  check,
  NOW,
  plain,
  request,
  signWith,
} from './helpers.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=';
const MSG_ID = 'msg_2Lh9cY8fQ3bZyZ';

function svixHeaders(when: Date = NOW, secret = SECRET, id = MSG_ID): Record<string, string> {
  const signature = new SvixWebhook(secret).sign(id, when, BODY.toString());
  return {
    'svix-id': id,
    'svix-timestamp': String(Math.floor(when.getTime() / 1000)),
    'svix-signature': signature,
  };
}

function standardHeaders(when: Date = NOW, secret = SECRET): Record<string, string> {
  const signature = new StandardWebhook(secret).sign(MSG_ID, when, BODY.toString());
  return {
    'webhook-id': MSG_ID,
    'webhook-timestamp': String(Math.floor(when.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

describe('svix', () => {
  beforeEach(() => mock.timers.enable({ apis: ['Date'], now: NOW }));
  afterEach(() => mock.timers.reset());

  it('accepts what the Svix SDK signs and keys idempotency on svix-id', async () => {
    assertOk(await check('svix', request(svixHeaders()), [plain(SECRET)]), MSG_ID);
  });

  it('signs requests the Svix SDK verifies', () => {
    const signed = signWith('svix', SECRET);
    assert.doesNotThrow(() =>
      new SvixWebhook(SECRET).verify(Buffer.from(signed.body).toString(), signed.headers),
    );
  });

  it('rejects a wrong secret, a changed body, a changed id and a hex signature', async () => {
    const wrong = await check('svix', request(svixHeaders()), [plain(OTHER)]);
    assertFails(wrong, 'HMAC signature mismatch');
    assertNoLeak(wrong, SECRET, svixHeaders()['svix-signature'] ?? '');
    const body = Buffer.from(`${BODY.toString()} `);
    assertFails(
      await check('svix', request(svixHeaders(), body), [plain(SECRET)]),
      'HMAC signature mismatch',
    );
    const moved = { ...svixHeaders(), 'svix-id': 'msg_other' };
    assertFails(await check('svix', request(moved), [plain(SECRET)]), 'HMAC signature mismatch');
    const b64 = (svixHeaders()['svix-signature'] ?? '').slice(3);
    const hex = { ...svixHeaders(), 'svix-signature': `v1,${Buffer.from(b64, 'base64').toString('hex')}` };
    assertFails(await check('svix', request(hex), [plain(SECRET)]), 'HMAC signature mismatch');
  });

  it('rejects timestamps outside ±5 min on either side', async () => {
    for (const offset of [-301, 301]) {
      const result = await check('svix', request(svixHeaders(at(offset))), [plain(SECRET)]);
      assertFails(result, 'Svix signature timestamp outside ±5 min tolerance');
    }
    assertOk(await check('svix', request(svixHeaders(at(290))), [plain(SECRET)]));
  });

  it('reports each missing header', async () => {
    for (const name of ['svix-signature', 'svix-timestamp', 'svix-id']) {
      const headers = svixHeaders();
      delete headers[name];
      assertFails(await check('svix', request(headers), [plain(SECRET)]), `Missing ${name}`);
    }
    const v2 = { ...svixHeaders(), 'svix-signature': 'v2,abc' };
    assertFails(
      await check('svix', request(v2), [plain(SECRET)]),
      'No v1 signature in svix-signature header',
    );
  });

  it('accepts any signature of a space-separated list and any credential version', async () => {
    const good = svixHeaders()['svix-signature'];
    const other = svixHeaders(NOW, OTHER)['svix-signature'];
    const list = { ...svixHeaders(), 'svix-signature': `v1a,AAAA ${other} ${good}` };
    assertOk(await check('svix', request(list), [plain(SECRET)]));
    assertOk(await check('svix', request(svixHeaders()), [plain(OTHER, 'v2'), plain(SECRET, 'v1')]));
  });

  it('accepts a secret given without its whsec_ prefix and rejects one that is not base64', async () => {
    assertOk(await check('svix', request(svixHeaders()), [plain(SECRET.slice('whsec_'.length))]));
    const result = await check('svix', request(svixHeaders()), [plain('whsec_not base64!')]);
    assertFails(result, 'Connection is missing its signing credential');
  });
});

describe('standard_webhooks', () => {
  beforeEach(() => mock.timers.enable({ apis: ['Date'], now: NOW }));
  afterEach(() => mock.timers.reset());

  it('accepts what the standardwebhooks SDK signs', async () => {
    assertOk(await check('standard_webhooks', request(standardHeaders()), [plain(SECRET)]), MSG_ID);
  });

  it('signs requests the standardwebhooks SDK verifies', () => {
    const signed = signWith('standard_webhooks', SECRET);
    const verifier = new StandardWebhook(SECRET);
    assert.doesNotThrow(() => verifier.verify(Buffer.from(signed.body).toString(), signed.headers));
  });

  it('rejects a wrong secret, a changed body and a future timestamp', async () => {
    assertFails(
      await check('standard_webhooks', request(standardHeaders()), [plain(OTHER)]),
      'HMAC signature mismatch',
    );
    const body = Buffer.from('{}');
    assertFails(
      await check('standard_webhooks', request(standardHeaders(), body), [plain(SECRET)]),
      'HMAC signature mismatch',
    );
    const late = await check('standard_webhooks', request(standardHeaders(at(400))), [plain(SECRET)]);
    assertFails(late, 'Standard Webhooks signature timestamp outside ±5 min tolerance');
    const missing = await check('standard_webhooks', request({}), [plain(SECRET)]);
    assertFails(missing, 'Missing webhook-signature');
  });
});
