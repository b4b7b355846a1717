import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import type { CredentialVersion } from '../../../src/verify/types.ts';
import { assertFails, assertOk, check, NOW, NOW_SECONDS, plain, request } from './helpers.ts';

const TOKEN = 'glpat-webhook-secret-7f3a9c';

function hashed(secret: string): CredentialVersion {
  return { id: 'h1', kind: 'hashed', matches: async (presented) => presented === secret };
}

describe('static tokens', () => {
  it('gitlab: accepts the token as a plaintext or hashed credential, rejects anything else', async () => {
    const req = request({ 'X-Gitlab-Token': TOKEN, 'X-Gitlab-Event-UUID': 'uuid-1' });
    assertOk(await check('gitlab', req, [plain(TOKEN)]), 'uuid-1');
    assertOk(await check('gitlab', req, [hashed('old'), hashed(TOKEN)]), 'uuid-1');
    assertFails(await check('gitlab', req, [hashed('other')]), 'Invalid X-Gitlab-Token');
    assertFails(
      await check('gitlab', request({ 'X-Gitlab-Token': `${TOKEN}x` }), [plain(TOKEN)]),
      'Invalid X-Gitlab-Token',
    );
    assertFails(await check('gitlab', request({}), [plain(TOKEN)]), 'Missing X-Gitlab-Token');
  });

  it('telegram: keys idempotency on update_id', async () => {
    const body = Buffer.from('{"update_id":815301,"message":{"text":"hi"}}');
    const req = request({ 'X-Telegram-Bot-Api-Secret-Token': TOKEN }, body);
    assertOk(await check('telegram', req, [plain(TOKEN)]), '815301');
  });

  it('postmark: compares the decoded Basic credentials', async () => {
    const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    assertOk(await check('postmark', request({ Authorization: basic('hooks:pw') }), [plain('hooks:pw')]));
    assertFails(
      await check('postmark', request({ Authorization: basic('hooks:px') }), [plain('hooks:pw')]),
      'Invalid Authorization',
    );
    assertFails(
      await check('postmark', request({ Authorization: 'Bearer hooks:pw' }), [plain('hooks:pw')]),
      'Invalid Authorization',
    );
  });
});

describe('adyen (HMAC over notification fields)', () => {
  const KEY = '44782def547aaa06c910c43932b1eb0c71fc68d9d0c057550c48ec2acc8ebb8c';

  function notification(value = 1130, key = KEY): Buffer {
    const item = {
      pspReference: '7914073381342284',
      originalReference: '',
      merchantAccountCode: 'Acme',
      merchantReference: 'order-1',
      amount: { value, currency: 'EUR' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    };
    const data = `7914073381342284::Acme:order-1:${value}:EUR:AUTHORISATION:true`;
    const hmacSignature = createHmac('sha256', Buffer.from(key, 'hex')).update(data).digest('base64');
    return Buffer.from(
      JSON.stringify({
        live: 'false',
        notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature } } }],
      }),
    );
  }

  it('accepts items signed with the hex key and keys idempotency on psp reference, event and success', async () => {
    assertOk(
      await check('adyen', request({}, notification()), [plain(KEY)]),
      '7914073381342284:AUTHORISATION:true',
    );
  });

  it('rejects a changed amount, another key, and a body without items', async () => {
    const changed = Buffer.from(notification().toString().replace('"value":1130', '"value":1131'));
    assertFails(await check('adyen', request({}, changed), [plain(KEY)]), 'HMAC signature mismatch');
    assertFails(
      await check('adyen', request({}, notification(1130, 'ab'.repeat(32))), [plain(KEY)]),
      'HMAC signature mismatch',
    );
    assertFails(
      await check('adyen', request({}, Buffer.from('{}')), [plain(KEY)]),
      'Missing notificationItems in body',
    );
    assertFails(
      await check('adyen', request({}, notification()), [plain('not hex')]),
      'Connection is missing its signing credential',
    );
  });
});

describe('timestamps inside providers', () => {
  it('linear: webhookTimestamp (ms) in the body must be within 60 s', async () => {
    const secret = 'lin_wh_secret';
    const make = (ms: number) => {
      const body = Buffer.from(`{"action":"update","webhookTimestamp":${ms}}`);
      return request(
        {
          'Linear-Signature': createHmac('sha256', secret).update(body).digest('hex'),
          'Linear-Delivery': 'd-1',
        },
        body,
      );
    };
    assertOk(await check('linear', make(NOW.getTime() - 59_000), [plain(secret)]), 'd-1');
    assertFails(
      await check('linear', make(NOW.getTime() - 61_000), [plain(secret)]),
      'Linear signature timestamp outside ±1 min tolerance',
    );
    assertFails(
      await check('linear', make(NOW.getTime() + 61_000), [plain(secret)]),
      'Linear signature timestamp outside ±1 min tolerance',
    );
  });

  it('zendesk: rejects a non-ISO timestamp', async () => {
    const headers = {
      'X-Zendesk-Webhook-Signature': 'AAAA',
      'X-Zendesk-Webhook-Signature-Timestamp': String(NOW_SECONDS),
    };
    assertFails(
      await check('zendesk', request(headers), [plain('s')]),
      'Invalid timestamp in X-Zendesk-Webhook-Signature-Timestamp',
    );
  });
});
