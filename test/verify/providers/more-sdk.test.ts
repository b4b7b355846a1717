/**
 * Timestamped HMAC providers against their official SDKs, offline: @mux/mux-node `webhooks.verifySignature` /
 * `unwrap` and @linear/sdk `LinearWebhookClient` accept what hookgate signs, hookgate accepts the layout they
 * check, and both sides reject the same broken requests. Neither SDK signs, and both read the real clock, so
 * these tests sign at one `now` taken when the file loads and give hookgate that same `now`.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import Mux from '@mux/mux-node';
import { assertFails, assertOk, check, plain, request, signWith } from './helpers.ts';

const now = new Date();
const nowSeconds = Math.floor(now.getTime() / 1000);
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

const MUX_SECRET = 'mux_whsec_4c1f0b6e2d9a8b7c';
const MUX_BODY = Buffer.from(
  '{"type":"video.asset.ready","id":"3a56ac3d-33da-4366-855b-f592d898409d","data":{"id":"asset_1","note":"héllo"}}',
);
const mux = new Mux({ tokenId: 'unused', tokenSecret: 'unused', webhookSecret: MUX_SECRET });

const LINEAR_SECRET = 'lin_wh_7d3e9a1b5c2f';
const LINEAR_BODY = Buffer.from(
  '{"action":"create","type":"Issue","data":{"id":"iss_1","title":"Crash on héllo"},"url":"https://linear.app/x/issue/X-1"}',
);
const linear = new LinearWebhookClient(LINEAR_SECRET);

const hexHmac = (secret: string, content: string | Uint8Array) =>
  createHmac('sha256', secret).update(content).digest('hex');

describe('mux, against @mux/mux-node', () => {
  it('unwrap accepts what hookgate signs; another secret, a changed body or a stale timestamp are rejected by both', async () => {
    const signed = signWith('mux', MUX_SECRET, now, MUX_BODY);
    const body = Buffer.from(signed.body).toString('utf8');
    assert.deepEqual(await mux.webhooks.unwrap(body, signed.headers), JSON.parse(body));
    assertOk(
      await check('mux', request(signed.headers, signed.body), [plain(MUX_SECRET)], {}, now),
      '3a56ac3d-33da-4366-855b-f592d898409d',
    );

    await assert.rejects(mux.webhooks.verifySignature(body, signed.headers, `${MUX_SECRET}x`), /matching/);
    await assert.rejects(mux.webhooks.verifySignature(`${body} `, signed.headers), /matching/);
    const tampered = request(signed.headers, Buffer.from(`${body} `));
    assertFails(await check('mux', tampered, [plain(MUX_SECRET)], {}, now), 'HMAC signature mismatch');

    const stale = signWith('mux', MUX_SECRET, secondsAgo(301), MUX_BODY);
    await assert.rejects(mux.webhooks.verifySignature(body, stale.headers), /too old/);
    assertFails(
      await check('mux', request(stale.headers, stale.body), [plain(MUX_SECRET)], {}, now),
      'Mux signature timestamp outside ±5 min tolerance',
    );
  });

  it('hookgate accepts the documented t=,v1= header the SDK accepts, with one matching v1 among several', async () => {
    const good = hexHmac(MUX_SECRET, `${nowSeconds}.${MUX_BODY}`);
    const other = hexHmac('rotated-out', `${nowSeconds}.${MUX_BODY}`);
    for (const header of [`t=${nowSeconds},v1=${good}`, `t=${nowSeconds},v1=${other},v1=${good}`]) {
      await mux.webhooks.verifySignature(MUX_BODY.toString(), { 'mux-signature': header });
      assertOk(
        await check('mux', request({ 'Mux-Signature': header }, MUX_BODY), [plain(MUX_SECRET)], {}, now),
      );
    }
    const onlyOther = `t=${nowSeconds},v1=${other}`;
    await assert.rejects(mux.webhooks.verifySignature(MUX_BODY.toString(), { 'mux-signature': onlyOther }));
    assertFails(
      await check('mux', request({ 'Mux-Signature': onlyOther }, MUX_BODY), [plain(MUX_SECRET)], {}, now),
      'HMAC signature mismatch',
    );
  });
});

describe('linear, against @linear/sdk LinearWebhookClient', () => {
  it('verify and the fetch handler accept what hookgate signs, with webhookTimestamp stamped in the body', async () => {
    const signed = signWith('linear', LINEAR_SECRET, now, LINEAR_BODY);
    const signature = signed.headers['Linear-Signature'] ?? '';
    const raw = Buffer.from(signed.body);
    assert.equal(linear.verify(raw, signature), true);
    assert.equal(linear.parseData(raw, signature).webhookTimestamp, now.getTime());

    const seen: string[] = [];
    const handler = linear.createHandler();
    handler.on('Issue', (payload) => {
      seen.push(payload.action);
    });
    const post = (body: Uint8Array) =>
      new Request('https://hooks.example.com/linear', {
        method: 'POST',
        headers: signed.headers,
        body: new Uint8Array(body),
      });
    assert.equal((await handler(post(raw))).status, 200);
    assert.deepEqual(seen, ['create']);
    assert.equal((await handler(post(Buffer.from(`${raw} `)))).status, 400);
    assert.deepEqual(seen, ['create']);
  });

  it('another secret, a changed body or a webhookTimestamp 61 s old are rejected by both', async () => {
    const signed = signWith('linear', LINEAR_SECRET, now, LINEAR_BODY);
    const signature = signed.headers['Linear-Signature'] ?? '';
    const raw = Buffer.from(signed.body);
    assert.throws(() => new LinearWebhookClient(`${LINEAR_SECRET}x`).verify(raw, signature), /signature/);
    assertFails(
      await check('linear', request(signed.headers, raw), [plain(`${LINEAR_SECRET}x`)], {}, now),
      'HMAC signature mismatch',
    );
    const changed = Buffer.from(raw.toString().replace('"create"', '"remove"'));
    assert.throws(() => linear.verify(changed, signature), /signature/);
    assertFails(
      await check('linear', request(signed.headers, changed), [plain(LINEAR_SECRET)], {}, now),
      'HMAC signature mismatch',
    );

    const stale = signWith('linear', LINEAR_SECRET, secondsAgo(61), LINEAR_BODY);
    assert.throws(
      () => linear.verify(Buffer.from(stale.body), stale.headers['Linear-Signature'] ?? ''),
      /timestamp/,
    );
    assertFails(
      await check('linear', request(stale.headers, stale.body), [plain(LINEAR_SECRET)], {}, now),
      'Linear signature timestamp outside ±1 min tolerance',
    );
  });

  it('hookgate accepts the documented layout the SDK accepts, and both reject a body without webhookTimestamp', async () => {
    const body = Buffer.from(
      `{"action":"update","type":"Issue","webhookTimestamp":${now.getTime() - 30_000}}`,
    );
    const signature = hexHmac(LINEAR_SECRET, body);
    assert.equal(linear.verify(body, signature), true);
    const headers = { 'Linear-Signature': signature, 'Linear-Delivery': 'd-7' };
    assertOk(await check('linear', request(headers, body), [plain(LINEAR_SECRET)], {}, now), 'd-7');

    const untimed = Buffer.from('{"action":"update","type":"Issue"}');
    const untimedSignature = hexHmac(LINEAR_SECRET, untimed);
    assert.throws(() => linear.verify(untimed, untimedSignature), /Missing webhook timestamp/);
    assertFails(
      await check('linear', request({ 'Linear-Signature': untimedSignature }, untimed), [
        plain(LINEAR_SECRET),
      ]),
      'Missing webhookTimestamp in body',
    );
  });
});
