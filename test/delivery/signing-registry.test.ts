import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SIGNING_STYLE_ITEMS } from '../../src/api/signing-style-routes.ts';
import { checkEndpointCredential } from '../../src/delivery/signing/credential-rules.ts';
import { hookgateSignatureScheme } from '../../src/delivery/signing/hookgate-signature.ts';
import { signDelivery } from '../../src/delivery/signing/sign-delivery.ts';
import {
  outboundStyle,
  SIGNING_STYLES,
  signingInputSchema,
  storedSigningSchema,
  toStoredSigning,
} from '../../src/delivery/signing/signing-config.ts';
import { OUTBOUND_STYLES } from '../../src/delivery/signing/signing-styles.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { deliveryApiApp } from './helpers/api-app.ts';

/** The smallest valid input of each style: the one field a style requires (basic's username). */
function minimalInput(id: string): Record<string, unknown> {
  return id === 'basic' ? { style: id, username: 'acme' } : { style: id };
}

test('every style: its input parses with defaults, its stored form drops the secret, its credential rules agree', () => {
  assert.deepEqual([...SIGNING_STYLES], [...new Set(OUTBOUND_STYLES.map((style) => style.id))]);
  for (const style of OUTBOUND_STYLES) {
    const input = signingInputSchema.parse(minimalInput(style.id));
    const stored = toStoredSigning(input);
    assert.deepEqual(storedSigningSchema.parse(stored), stored, style.id);
    assert.equal('secret' in stored, false, style.id);
    const [onlyScope] = style.scopes;
    assert.equal(stored.secretScope, style.scopes.length === 1 ? onlyScope : 'application', style.id);
    if (style.field?.default !== undefined) {
      assert.equal((stored as Record<string, unknown>)[style.field.name], style.field.default, style.id);
    }
    if (style.credential === null) {
      assert.match(checkEndpointCredential(input.style, 'x'.repeat(64)) ?? '', /has no credential/);
      continue;
    }
    const made = style.credential.generate();
    assert.equal(style.credential.check(made), null, `${style.id} accepts what it generates`);
    assert.notEqual(style.credential.check('short'), null, `${style.id} refuses a short credential`);
    const signed = signDelivery({
      signing: stored,
      secrets: [made],
      body: '{"data":{}}',
      eventId: 'evt_1',
      unixSeconds: 1_700_000_000,
    });
    assert.equal(signed.ok, true, style.id);
    assert.equal(outboundStyle(input.style), style);
  }
});

test('a scoped style keeps the chosen scope; a style with one scope ignores none given', () => {
  const own = toStoredSigning(signingInputSchema.parse({ style: 'hmac_header', secretScope: 'endpoint' }));
  assert.deepEqual(own, { style: 'hmac_header', header: 'X-Signature-Primary', secretScope: 'endpoint' });
  const key = toStoredSigning(signingInputSchema.parse({ style: 'api_key', secret: 'A'.repeat(20) }));
  assert.deepEqual(key, { style: 'api_key', header: 'x-api-key', secretScope: 'endpoint' });
});

test('the engine signs with several secrets at once: one hookgate v1 entry each, each verifies alone', async () => {
  const secrets = ['new-secret-0123456789', 'old-secret-0123456789'] as const;
  const signed = signDelivery({
    signing: { style: 'hookgate', secretScope: 'application' },
    secrets,
    body: '{"a":1}',
    eventId: 'evt_1',
    unixSeconds: 1_700_000_000,
  });
  assert.ok(signed.ok);
  const value = signed.headers['X-Hookgate-Signature'] ?? '';
  assert.match(value, /^t=1700000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
  for (const secret of secrets) {
    const result = await hookgateSignatureScheme.verify(
      { method: 'POST', url: '/', headers: { 'x-hookgate-signature': value }, body: Buffer.from('{"a":1}') },
      { mode: 'hookgate' },
      [{ id: 'v1', kind: 'plain', secret }],
      new Date(1_700_000_000_000),
    );
    assert.equal(result.ok, true, secret);
  }
  const none = signDelivery({
    signing: { style: 'hookgate', secretScope: 'application' },
    secrets: [],
    body: '{}',
    eventId: 'evt_1',
    unixSeconds: 1,
  });
  assert.deepEqual(none, { ok: false, message: 'no active signing secret' });
});

await forEachStore('signing styles API', (fresh) => {
  test('GET /api/v1/signing-styles lists the registry with each style fields', async (t) => {
    const api = await deliveryApiApp(await fresh(t), t);
    const response = await api.call('GET', '/api/v1/signing-styles');
    assert.equal(response.status, 200);
    const { items } = response.json<{ items: { id: string; scopes: string[]; field: unknown }[] }>();
    assert.deepEqual(
      items.map((item) => item.id),
      [...SIGNING_STYLES],
    );
    assert.deepEqual(
      items.find((item) => item.id === 'basic'),
      {
        id: 'basic',
        label: 'Basic auth',
        scopes: ['endpoint'],
        field: { name: 'username', label: 'Username', default: null },
      },
    );
  });
});

test('the dashboard tests fake the style list with exactly what the route serves', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../web/test/signing-styles.json', import.meta.url), 'utf8'),
  );
  assert.deepEqual(
    fixture,
    SIGNING_STYLE_ITEMS,
    'web/test/signing-styles.json is stale: write SIGNING_STYLE_ITEMS of src/api/signing-style-routes.ts into it',
  );
});
