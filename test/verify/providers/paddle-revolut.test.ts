import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertFails, assertOk, BODY, check, NOW, NOW_SECONDS, plain, request, signWith } from './helpers.ts';

const PADDLE_SECRET = 'pdl_ntfset_01h8zr4pq3w7aq1b0cdbj2m9f4_Y1Mdl2tGq2nQ';
const REVOLUT_SECRET = 'wsk_r59a4HfWVAKycbCaNO1RvgCJec02gRd8';

function h1(ts: number, secret = PADDLE_SECRET, body: Uint8Array = BODY): string {
  return createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${ts}:`), body]))
    .digest('hex');
}

function revolut(ms: number, secret = REVOLUT_SECRET): string {
  return createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`v1.${ms}.`), BODY]))
    .digest('hex');
}

describe('paddle', () => {
  it('accepts `ts=…;h1=…` signed as documented and keys idempotency on notification_id', async () => {
    const body = Buffer.from(
      '{"event_id":"evt_01h","notification_id":"ntf_01h","event_type":"transaction.paid"}',
    );
    const header = `ts=${NOW_SECONDS};h1=${h1(NOW_SECONDS, PADDLE_SECRET, body)}`;
    assertOk(
      await check('paddle', request({ 'Paddle-Signature': header }, body), [plain(PADDLE_SECRET)]),
      'ntf_01h',
    );
  });

  it('signs in the documented layout', () => {
    const signed = signWith('paddle', PADDLE_SECRET);
    assert.equal(signed.headers['Paddle-Signature'], `ts=${NOW_SECONDS};h1=${h1(NOW_SECONDS)}`);
  });

  it('uses the SDK tolerance of 5 s both ways, overridable', async () => {
    const late = request({ 'Paddle-Signature': `ts=${NOW_SECONDS - 6};h1=${h1(NOW_SECONDS - 6)}` });
    assertFails(
      await check('paddle', late, [plain(PADDLE_SECRET)]),
      'Paddle signature timestamp outside ±5 s tolerance',
    );
    const early = request({ 'Paddle-Signature': `ts=${NOW_SECONDS + 6};h1=${h1(NOW_SECONDS + 6)}` });
    assertFails(
      await check('paddle', early, [plain(PADDLE_SECRET)]),
      'Paddle signature timestamp outside ±5 s tolerance',
    );
    assertOk(await check('paddle', late, [plain(PADDLE_SECRET)], { tolerance: 30 }));
  });

  it('accepts any of several h1 values and rejects wrong secrets, bodies and headers', async () => {
    const rotated = `ts=${NOW_SECONDS};h1=${h1(NOW_SECONDS, 'old')};h1=${h1(NOW_SECONDS)}`;
    assertOk(await check('paddle', request({ 'Paddle-Signature': rotated }), [plain(PADDLE_SECRET)]));
    const header = `ts=${NOW_SECONDS};h1=${h1(NOW_SECONDS)}`;
    assertFails(
      await check('paddle', request({ 'Paddle-Signature': header }), [plain('nope')]),
      'HMAC signature mismatch',
    );
    const changed = request({ 'Paddle-Signature': header }, Buffer.from('{}'));
    assertFails(await check('paddle', changed, [plain(PADDLE_SECRET)]), 'HMAC signature mismatch');
    assertFails(await check('paddle', request({}), [plain(PADDLE_SECRET)]), 'Missing Paddle-Signature');
    const noH1 = request({ 'Paddle-Signature': `ts=${NOW_SECONDS}` });
    assertFails(
      await check('paddle', noH1, [plain(PADDLE_SECRET)]),
      'No h1 signature in Paddle-Signature header',
    );
  });
});

describe('revolut', () => {
  const ms = NOW.getTime();

  it('accepts `v1=` over `v1.<ms>.<body>` and signs the same', async () => {
    const headers = { 'Revolut-Request-Timestamp': String(ms), 'Revolut-Signature': `v1=${revolut(ms)}` };
    assertOk(await check('revolut', request(headers), [plain(REVOLUT_SECRET)]));
    const signed = signWith('revolut', REVOLUT_SECRET);
    assert.equal(signed.headers['Revolut-Signature'], headers['Revolut-Signature']);
    assert.equal(signed.headers['Revolut-Request-Timestamp'], String(ms));
  });

  it('accepts several comma-separated signatures (rotation)', async () => {
    const headers = {
      'Revolut-Request-Timestamp': String(ms),
      'Revolut-Signature': `v1=${revolut(ms, 'wsk_old')},v1=${revolut(ms)}`,
    };
    assertOk(await check('revolut', request(headers), [plain(REVOLUT_SECRET)]));
  });

  it('rejects a stale or future millisecond timestamp, a seconds timestamp, and a wrong secret', async () => {
    for (const offset of [-301_000, 301_000]) {
      const headers = {
        'Revolut-Request-Timestamp': String(ms + offset),
        'Revolut-Signature': `v1=${revolut(ms + offset)}`,
      };
      assertFails(
        await check('revolut', request(headers), [plain(REVOLUT_SECRET)]),
        'Revolut signature timestamp outside ±5 min tolerance',
      );
    }
    const seconds = {
      'Revolut-Request-Timestamp': String(NOW_SECONDS),
      'Revolut-Signature': `v1=${revolut(NOW_SECONDS)}`,
    };
    assertFails(
      await check('revolut', request(seconds), [plain(REVOLUT_SECRET)]),
      'Revolut signature timestamp outside ±5 min tolerance',
    );
    const headers = { 'Revolut-Request-Timestamp': String(ms), 'Revolut-Signature': `v1=${revolut(ms)}` };
    assertFails(await check('revolut', request(headers), [plain('wsk_other')]), 'HMAC signature mismatch');
    assertFails(
      await check('revolut', request({ 'Revolut-Signature': `v1=${revolut(ms)}` }), [plain(REVOLUT_SECRET)]),
      'Missing Revolut-Request-Timestamp',
    );
  });
});
