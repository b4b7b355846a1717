import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { assertFails, assertOk, BODY, check, plain, request, signWith } from './helpers.ts';

const SECRET = "It's a Secret to Everybody";
const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

describe('github', () => {
  it('accepts what @octokit/webhooks-methods signs and keys idempotency on X-GitHub-Delivery', async () => {
    const signature = await octokitSign(SECRET, BODY.toString());
    const req = request({ 'X-Hub-Signature-256': signature, 'X-GitHub-Delivery': DELIVERY });
    assertOk(await check('github', req, [plain(SECRET)]), DELIVERY);
  });

  it('signs what @octokit/webhooks-methods verifies', async () => {
    const signed = signWith('github', SECRET);
    const header = signed.headers['X-Hub-Signature-256'] ?? '';
    assert.equal(await octokitVerify(SECRET, Buffer.from(signed.body).toString(), header), true);
  });

  it('rejects a wrong secret, a changed body, a missing prefix, base64 and a missing header', async () => {
    const signature = await octokitSign(SECRET, BODY.toString());
    assertFails(
      await check('github', request({ 'X-Hub-Signature-256': signature }), [plain('x')]),
      'HMAC signature mismatch',
    );
    const changed = request({ 'X-Hub-Signature-256': signature }, Buffer.from('{}'));
    assertFails(await check('github', changed, [plain(SECRET)]), 'HMAC signature mismatch');
    const bare = request({ 'X-Hub-Signature-256': signature.slice('sha256='.length) });
    assertFails(await check('github', bare, [plain(SECRET)]), 'HMAC signature mismatch');
    const b64 = `sha256=${Buffer.from(signature.slice(7), 'hex').toString('base64')}`;
    assertFails(
      await check('github', request({ 'X-Hub-Signature-256': b64 }), [plain(SECRET)]),
      'HMAC signature mismatch',
    );
    assertFails(await check('github', request({}), [plain(SECRET)]), 'Missing X-Hub-Signature-256');
  });

  it('tries every credential version', async () => {
    const signature = await octokitSign(SECRET, BODY.toString());
    assertOk(
      await check('github', request({ 'X-Hub-Signature-256': signature }), [
        plain('new', 'v2'),
        plain(SECRET),
      ]),
    );
  });
});

describe('shopify', () => {
  const digest = (secret: string) => createHmac('sha256', secret).update(BODY).digest('base64');

  it('accepts base64 HMAC of the body in any header case and keys idempotency on X-Shopify-Webhook-Id', async () => {
    const req = request({
      'x-shopify-hmac-SHA256': digest(SECRET),
      'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f',
    });
    assertOk(await check('shopify', req, [plain(SECRET)]), 'b54557e4-bdd9-4b37-8a5f');
    assert.equal(signWith('shopify', SECRET).headers['X-Shopify-Hmac-Sha256'], digest(SECRET));
  });

  it('rejects a wrong secret, a hex signature and a missing header', async () => {
    assertFails(
      await check('shopify', request({ 'X-Shopify-Hmac-Sha256': digest('x') }), [plain(SECRET)]),
      'HMAC signature mismatch',
    );
    const hex = Buffer.from(digest(SECRET), 'base64').toString('hex');
    assertFails(
      await check('shopify', request({ 'X-Shopify-Hmac-Sha256': hex }), [plain(SECRET)]),
      'HMAC signature mismatch',
    );
    assertFails(await check('shopify', request({}), [plain(SECRET)]), 'Missing X-Shopify-Hmac-Sha256');
  });
});
