/**
 * Commerce providers against their official SDKs, offline and clock-free: @adyen/api-library `hmacValidator`
 * and @shopify/shopify-api `webhooks.validate` accept what hookgate signs, hookgate accepts what their signers
 * produce (`calculateHmac`, the Shopify package's `getHmac` test helper), and both reject the same changes.
 */
import '@shopify/shopify-api/adapters/web-api';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hmacValidator } from '@adyen/api-library';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { getHmac } from '@shopify/shopify-api/test-helpers';
import { assertFails, assertOk, BODY, check, plain, request, signWith } from './helpers.ts';

const ADYEN_KEY = '44782def547aaa06c910c43932b1eb0c71fc68d9d0c057550c48ec2acc8ebb8c';
const OTHER_KEY = 'ab'.repeat(32);
type AdyenItem = Parameters<hmacValidator['validateHMAC']>[0];
const adyen = new hmacValidator();

/** A two-item batch as Adyen sends it; the first item has no originalReference, like most AUTHORISATIONs. */
function adyenBatch(): { live: string; notificationItems: { NotificationRequestItem: AdyenItem }[] } {
  const item = (fields: Record<string, unknown>) => ({
    NotificationRequestItem: fields as unknown as AdyenItem,
  });
  return {
    live: 'false',
    notificationItems: [
      item({
        pspReference: '7914073381342284',
        merchantAccountCode: 'Acme',
        merchantReference: 'order-1',
        amount: { value: 1130, currency: 'EUR' },
        eventCode: 'AUTHORISATION',
        eventDate: '2025-06-01T12:00:00+02:00',
        success: 'true',
        additionalData: { authCode: '58747' },
      }),
      item({
        pspReference: '8815073381342290',
        originalReference: '7914073381342284',
        merchantAccountCode: 'Acme',
        merchantReference: 'order-1',
        amount: { value: 500, currency: 'EUR' },
        eventCode: 'REFUND',
        eventDate: '2025-06-01T12:05:00+02:00',
        success: 'false',
      }),
    ],
  };
}

const itemsOf = (body: Uint8Array): AdyenItem[] =>
  (JSON.parse(Buffer.from(body).toString()) as ReturnType<typeof adyenBatch>).notificationItems.map(
    (entry) => entry.NotificationRequestItem,
  );

describe('adyen, against @adyen/api-library hmacValidator', () => {
  it('validateHMAC accepts every item hookgate signs, and rejects another key or a changed amount', () => {
    const signed = signWith('adyen', ADYEN_KEY, undefined, Buffer.from(JSON.stringify(adyenBatch())));
    const items = itemsOf(signed.body);
    assert.equal(items.length, 2);
    for (const item of items) {
      assert.equal(adyen.validateHMAC(item, ADYEN_KEY), true);
      assert.equal(adyen.validateHMAC(item, OTHER_KEY), false);
      assert.equal(adyen.validateHMAC({ ...item, amount: { ...item.amount, value: 1 } }, ADYEN_KEY), false);
    }
    assert.equal(items[0]?.additionalData?.authCode, '58747', 'signing keeps the other additionalData');
  });

  it('hookgate accepts a batch signed with calculateHmac, and rejects it when one item changes or the key differs', async () => {
    const batch = adyenBatch();
    for (const { NotificationRequestItem: item } of batch.notificationItems) {
      item.additionalData = { ...item.additionalData, hmacSignature: adyen.calculateHmac(item, ADYEN_KEY) };
    }
    const body = Buffer.from(JSON.stringify(batch));
    assertOk(
      await check('adyen', request({}, body), [plain(ADYEN_KEY)]),
      '7914073381342284:AUTHORISATION:true',
    );
    assertFails(await check('adyen', request({}, body), [plain(OTHER_KEY)]), 'HMAC signature mismatch');

    const refund = batch.notificationItems[1]?.NotificationRequestItem;
    assert.ok(refund);
    refund.success = 'true' as AdyenItem['success'];
    assert.equal(adyen.validateHMAC(refund, ADYEN_KEY), false);
    const changed = Buffer.from(JSON.stringify(batch));
    assertFails(await check('adyen', request({}, changed), [plain(ADYEN_KEY)]), 'HMAC signature mismatch');
  });
});

const SHOPIFY_SECRET = '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';
const shopify = shopifyApi({
  apiKey: 'hookgate-test-app',
  apiSecretKey: SHOPIFY_SECRET,
  apiVersion: ApiVersion.July25,
  hostName: 'hooks.example.com',
  isEmbeddedApp: false,
  logger: { level: LogSeverity.Error },
});
const SHOPIFY_HEADERS = {
  'X-Shopify-Topic': 'orders/create',
  'X-Shopify-Shop-Domain': 'acme.myshopify.com',
  'X-Shopify-API-Version': '2025-07',
  'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f',
};

function shopifyValidate(headers: Readonly<Record<string, string>>, body: Uint8Array) {
  const rawBody = Buffer.from(body).toString('utf8');
  const rawRequest = new Request('https://hooks.example.com/shopify', {
    method: 'POST',
    headers,
    body: rawBody,
  });
  return shopify.webhooks.validate({ rawBody, rawRequest });
}

describe('shopify, against @shopify/shopify-api', () => {
  it('webhooks.validate accepts what hookgate signs, and rejects a changed body or another secret', async () => {
    const signed = signWith('shopify', SHOPIFY_SECRET);
    const headers = { ...signed.headers, ...SHOPIFY_HEADERS };
    const result = await shopifyValidate(headers, signed.body);
    assert.equal(result.valid, true);
    if (result.valid) assert.equal(result.webhookId, 'b54557e4-bdd9-4b37-8a5f');

    const changed = await shopifyValidate(headers, Buffer.from(`${BODY} `));
    assert.deepEqual(changed, { valid: false, reason: 'invalid_hmac' });
    const other = signWith('shopify', `${SHOPIFY_SECRET}x`);
    assert.deepEqual(await shopifyValidate({ ...other.headers, ...SHOPIFY_HEADERS }, other.body), {
      valid: false,
      reason: 'invalid_hmac',
    });
  });

  it("hookgate accepts the package's getHmac signature, and both reject it over a changed body", async () => {
    const headers = { ...SHOPIFY_HEADERS, 'X-Shopify-Hmac-Sha256': getHmac(BODY.toString(), SHOPIFY_SECRET) };
    assert.equal((await shopifyValidate(headers, BODY)).valid, true);
    assertOk(await check('shopify', request(headers), [plain(SHOPIFY_SECRET)]), 'b54557e4-bdd9-4b37-8a5f');

    const changed = Buffer.from(BODY.toString().replace('4200', '4201'));
    assert.equal((await shopifyValidate(headers, changed)).valid, false);
    assertFails(
      await check('shopify', request(headers, changed), [plain(SHOPIFY_SECRET)]),
      'HMAC signature mismatch',
    );
  });

  it('Shopify Events (no X- prefix) are accepted by both, keyed by Shopify-Webhook-Id; a changed body by neither', async () => {
    const headers = {
      'Shopify-Hmac-Sha256': getHmac(BODY.toString(), SHOPIFY_SECRET),
      'Shopify-Topic': 'orders/create',
      'Shopify-Shop-Domain': 'acme.myshopify.com',
      'Shopify-API-Version': '2025-07',
      'Shopify-Webhook-Id': 'e7a1c0de-events-1',
    };
    const result = await shopifyValidate(headers, BODY);
    assert.equal(result.valid, true);
    assertOk(await check('shopify', request(headers), [plain(SHOPIFY_SECRET)]), 'e7a1c0de-events-1');

    const changed = Buffer.from(BODY.toString().replace('4200', '4201'));
    assert.equal((await shopifyValidate(headers, changed)).valid, false);
    assertFails(
      await check('shopify', request(headers, changed), [plain(SHOPIFY_SECRET)]),
      'HMAC signature mismatch',
    );
    const { 'Shopify-Hmac-Sha256': _signature, ...unsigned } = headers;
    assertFails(
      await check('shopify', request(unsigned), [plain(SHOPIFY_SECRET)]),
      'Missing X-Shopify-Hmac-Sha256',
    );
  });
});
