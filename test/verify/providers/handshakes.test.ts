import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import type { VerifyResult } from '../../../src/verify/types.ts';
import { assertFails, assertOk, check, NOW_SECONDS, plain, publicKey, request } from './helpers.ts';

const SECRET = 'zoom_secret_token_123';

function handshakeOf(result: VerifyResult) {
  assert.ok(result.ok, result.ok ? '' : result.message);
  assert.ok(result.handshake, 'a handshake answer');
  return result.handshake;
}

function zoomHeaders(body: Buffer, secret = SECRET): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`v0:${NOW_SECONDS}:${body}`).digest('hex');
  return { 'x-zm-signature': `v0=${mac}`, 'x-zm-request-timestamp': String(NOW_SECONDS) };
}

describe('handshakes', () => {
  it('zoom: answers endpoint.url_validation with the HMAC of plainToken, only when signed', async () => {
    const body = Buffer.from(
      '{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event":"endpoint.url_validation"}',
    );
    const answer = handshakeOf(await check('zoom', request(zoomHeaders(body), body), [plain(SECRET)]));
    const encryptedToken = createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex');
    assert.deepEqual(JSON.parse(answer.body), { plainToken: 'qgg8vlvZRS6UYooatFL8Aw', encryptedToken });
    assert.equal(answer.contentType, 'application/json');
    assertFails(
      await check('zoom', request(zoomHeaders(body, 'x'), body), [plain(SECRET)]),
      'HMAC signature mismatch',
    );
  });

  it('zoom: uses the secret version that matched during a rotation', async () => {
    const body = Buffer.from('{"payload":{"plainToken":"abc"},"event":"endpoint.url_validation"}');
    const answer = handshakeOf(
      await check('zoom', request(zoomHeaders(body), body), [plain('old', 'v0'), plain(SECRET)]),
    );
    const encryptedToken = createHmac('sha256', SECRET).update('abc').digest('hex');
    assert.equal(JSON.parse(answer.body).encryptedToken, encryptedToken);
  });

  it('twitch: echoes the challenge of webhook_callback_verification', async () => {
    const body = Buffer.from('{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2"}}');
    const ts = new Date(NOW_SECONDS * 1000).toISOString();
    const mac = createHmac('sha256', SECRET).update(`msg-1${ts}${body}`).digest('hex');
    const headers = {
      'Twitch-Eventsub-Message-Id': 'msg-1',
      'Twitch-Eventsub-Message-Timestamp': ts,
      'Twitch-Eventsub-Message-Signature': `sha256=${mac}`,
      'Twitch-Eventsub-Message-Type': 'webhook_callback_verification',
    };
    const answer = handshakeOf(await check('twitch', request(headers, body), [plain(SECRET)]));
    assert.equal(answer.body, 'pogchamp-kappa-360noscope-vohiyo');
    const notification = await check(
      'twitch',
      request({ ...headers, 'Twitch-Eventsub-Message-Type': 'notification' }, body),
      [plain(SECRET)],
    );
    assert.ok(notification.ok && notification.handshake === undefined);
    assert.equal(notification.ok && notification.idempotencyKey, 'msg-1');
  });

  it('dropbox: echoes the GET challenge; POSTs still need a signature', async () => {
    const get = request({}, Buffer.alloc(0), { method: 'GET', url: '/webhooks/in/con_1?challenge=JKhs8Y' });
    assert.equal(handshakeOf(await check('dropbox', get, [plain(SECRET)])).body, 'JKhs8Y');
    assertFails(await check('dropbox', request({}), [plain(SECRET)]), 'Missing X-Dropbox-Signature');
  });

  it('trello: answers the HEAD check', async () => {
    const head = request({}, Buffer.alloc(0), { method: 'HEAD' });
    assert.equal(handshakeOf(await check('trello', head, [plain(SECRET)])).status, 200);
  });

  it('discord: answers PING with PONG after the Ed25519 signature verified', async () => {
    const pair = generateKeyPairSync('ed25519');
    const body = Buffer.from('{"type":1,"id":"1234567890","application_id":"42"}');
    const signature = sign(null, Buffer.from(`${NOW_SECONDS}${body}`), pair.privateKey).toString('hex');
    const key = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const headers = { 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': String(NOW_SECONDS) };
    assert.equal(
      handshakeOf(await check('discord', request(headers, body), [publicKey(key)])).body,
      '{"type":1}',
    );
    const forged = { ...headers, 'X-Signature-Timestamp': String(NOW_SECONDS + 1) };
    assertFails(
      await check('discord', request(forged, body), [publicKey(key)]),
      'Ed25519 signature mismatch',
    );
  });

  it('discord: the signed timestamp is only windowed when auth.tolerance is set', async () => {
    const pair = generateKeyPairSync('ed25519');
    const old = String(NOW_SECONDS - 3600);
    const body = Buffer.from('{"type":2,"id":"99"}');
    const headers = {
      'X-Signature-Ed25519': sign(null, Buffer.from(`${old}${body}`), pair.privateKey).toString('hex'),
      'X-Signature-Timestamp': old,
    };
    const key = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    assertOk(await check('discord', request(headers, body), [publicKey(key)]), '99');
    const windowed = await check('discord', request(headers, body), [publicKey(key)], { tolerance: 300 });
    assertFails(windowed, 'Discord signature timestamp outside ±5 min tolerance');
  });

  it('slack: an unsigned url_verification gets no answer', async () => {
    const body = Buffer.from('{"type":"url_verification","challenge":"abc"}');
    assertFails(await check('slack', request({}, body), [plain(SECRET)]), 'Missing X-Slack-Signature');
  });

  it('okta: answers the verification GET when the Authorization secret matches', async () => {
    const get = request(
      { Authorization: SECRET, 'X-Okta-Verification-Challenge': 'chal-1' },
      Buffer.alloc(0),
      { method: 'GET' },
    );
    assert.deepEqual(JSON.parse(handshakeOf(await check('okta', get, [plain(SECRET)])).body), {
      verification: 'chal-1',
    });
    const wrong = request(
      { Authorization: 'nope', 'X-Okta-Verification-Challenge': 'chal-1' },
      Buffer.alloc(0),
      { method: 'GET' },
    );
    assertFails(await check('okta', wrong, [plain(SECRET)]), 'Invalid Authorization');
  });
});
