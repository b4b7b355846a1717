import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertFails, assertOk, BODY, check, NOW_SECONDS, plain, request, signWith } from './helpers.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

/** Slack's documented recipe: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
function slackHeaders(timestamp: number, body: Uint8Array = BODY, secret = SECRET): Record<string, string> {
  const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`), body]);
  return {
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': `v0=${createHmac('sha256', secret).update(base).digest('hex')}`,
  };
}

describe('slack', () => {
  it('accepts a request signed the documented way', async () => {
    assertOk(await check('slack', request(slackHeaders(NOW_SECONDS)), [plain(SECRET)]));
  });

  it('signs what the documented recipe verifies', () => {
    const signed = signWith('slack', SECRET);
    assert.deepEqual(
      { ts: signed.headers['X-Slack-Request-Timestamp'], sig: signed.headers['X-Slack-Signature'] },
      { ts: String(NOW_SECONDS), sig: slackHeaders(NOW_SECONDS)['X-Slack-Signature'] },
    );
  });

  it('rejects a wrong secret, a changed body, a missing prefix and a base64 signature', async () => {
    assertFails(
      await check('slack', request(slackHeaders(NOW_SECONDS)), [plain('other')]),
      'HMAC signature mismatch',
    );
    const changed = request(slackHeaders(NOW_SECONDS), Buffer.from('{}'));
    assertFails(await check('slack', changed, [plain(SECRET)]), 'HMAC signature mismatch');
    const headers = slackHeaders(NOW_SECONDS);
    const hex = (headers['X-Slack-Signature'] ?? '').slice(3);
    const bare = request({ ...headers, 'X-Slack-Signature': hex });
    assertFails(await check('slack', bare, [plain(SECRET)]), 'HMAC signature mismatch');
    const b64 = request({
      ...headers,
      'X-Slack-Signature': `v0=${Buffer.from(hex, 'hex').toString('base64')}`,
    });
    assertFails(await check('slack', b64, [plain(SECRET)]), 'HMAC signature mismatch');
  });

  it('rejects timestamps more than 5 minutes away either side', async () => {
    for (const offset of [-301, 301]) {
      const result = await check('slack', request(slackHeaders(NOW_SECONDS + offset)), [plain(SECRET)]);
      assertFails(result, 'Slack signature timestamp outside ±5 min tolerance');
    }
  });

  it('reports missing headers', async () => {
    const { 'X-Slack-Signature': signature } = slackHeaders(NOW_SECONDS);
    assertFails(
      await check('slack', request({ 'X-Slack-Signature': signature ?? '' }), [plain(SECRET)]),
      'Missing X-Slack-Request-Timestamp',
    );
    const noSig = request({ 'X-Slack-Request-Timestamp': String(NOW_SECONDS) });
    assertFails(await check('slack', noSig, [plain(SECRET)]), 'Missing X-Slack-Signature');
  });

  it('answers url_verification only once the signature verified', async () => {
    const body = Buffer.from(
      '{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}',
    );
    const result = await check('slack', request(slackHeaders(NOW_SECONDS, body), body), [plain(SECRET)]);
    assert.ok(result.ok && result.handshake);
    assert.equal(result.handshake.status, 200);
    assert.equal(result.handshake.body, '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    const forged = await check('slack', request(slackHeaders(NOW_SECONDS, body, 'x'), body), [plain(SECRET)]);
    assertFails(forged, 'HMAC signature mismatch');
  });

  it('keys idempotency on the Events API event_id', async () => {
    const body = Buffer.from(
      '{"type":"event_callback","event_id":"Ev08MFMKH6","event":{"type":"app_mention"}}',
    );
    assertOk(
      await check('slack', request(slackHeaders(NOW_SECONDS, body), body), [plain(SECRET)]),
      'Ev08MFMKH6',
    );
  });
});
