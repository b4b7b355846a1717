import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PROVIDER_ITEMS } from '../../src/api/provider-routes.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { testGateway } from '../helpers/test-gateway.ts';

type Item = (typeof PROVIDER_ITEMS)[number];

function field(item: Item | undefined, name: string) {
  return item?.fields.find((f) => f.name === name);
}

test('web/test/providers.json, the web fakes’ GET /api/v1/providers, equals the route', () => {
  const fixture: unknown = JSON.parse(
    readFileSync(new URL('../../web/test/providers.json', import.meta.url), 'utf8'),
  );
  assert.deepEqual(
    fixture,
    PROVIDER_ITEMS,
    'web/test/providers.json is stale: write PROVIDER_ITEMS of src/api/provider-routes.ts into it',
  );
});

test('the generic modes’ forms come from their zod config schemas: defaults, labels, choices', () => {
  const byId = new Map(PROVIDER_ITEMS.map((item) => [item.id, item]));
  assert.deepEqual(
    PROVIDER_ITEMS.slice(0, 4).map((item) => [item.id, item.category]),
    [
      ['shared_secret', 'generic'],
      ['api_key', 'generic'],
      ['hmac', 'generic'],
      ['body_hash', 'generic'],
    ],
  );
  assert.equal(field(byId.get('shared_secret'), 'header')?.default, 'x-webhook-secret');
  assert.equal(field(byId.get('api_key'), 'header')?.default, 'x-api-key');
  assert.equal(field(byId.get('api_key'), 'secret')?.label, 'Key');
  assert.deepEqual(field(byId.get('api_key'), 'format')?.options, [
    { value: 'xoxo', label: 'Xoxo (alphanumeric, 13–60; 40 when generated)' },
  ]);
  assert.equal(field(byId.get('body_hash'), 'field')?.default, 'hash');
  const hmac = byId.get('hmac');
  assert.deepEqual(
    hmac?.fields.filter((f) => !f.advanced).map((f) => [f.name, f.label, f.default, f.ask]),
    [
      ['header', 'Signature header', null, true],
      ['algorithm', 'Algorithm', 'sha256', true],
      ['encoding', 'Encoding', 'hex', true],
      ['prefix', 'Prefix', null, false],
      ['secret', null, null, false],
    ],
  );
  // A generated credential comes last (optional); a credential the provider issues comes first.
  assert.equal(byId.get('stripe')?.fields[0]?.name, 'secret');
  assert.equal(byId.get('stripe')?.fields[0]?.required, true);
});

await forEachStore('GET /api/v1/providers', (fresh) => {
  test('serves PROVIDER_ITEMS over HTTP', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const response = await gw.api('GET', '/api/v1/providers');
    assert.equal(response.status, 200, response.body);
    assert.deepEqual((response.json() as { items: unknown[] }).items, PROVIDER_ITEMS);
  });
});
