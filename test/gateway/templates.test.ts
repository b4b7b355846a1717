import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { type TestGateway, testGateway } from '../helpers/test-gateway.ts';

interface Template {
  id: string;
  auth: Record<string, unknown>;
  secret: { source: string; hint: string };
  sample: Record<string, unknown>;
  schema: Record<string, unknown>;
  paths: string[];
  identifier: { type: string; path: string } | null;
}

interface Created {
  connection: { id: string; auth: Record<string, unknown>; identifier: unknown };
  secret?: string;
}

/**
 * The request each sender makes, built from its own documentation (not from hookgate's signers): Xoxo and
 * the no-code tools put the key in a header; We-Link adds an HMAC-SHA256 hex of the JSON body (without the
 * hash) as its `hash` field; Flintn sends the HMAC-SHA256 hex of the body in X-Signature-Primary.
 */
function senderRequest(
  template: Template,
  secret: string,
): { headers: Record<string, string>; body: string } {
  const json = { 'content-type': 'application/json' };
  switch (template.id) {
    case 'xoxo':
      return { headers: { ...json, 'x-api-key': secret }, body: JSON.stringify(template.sample) };
    case 'welink': {
      const { hash: _placeholder, ...data } = template.sample;
      const hash = createHmac('sha256', secret).update(JSON.stringify(data)).digest('hex');
      return { headers: json, body: JSON.stringify({ ...data, hash }) };
    }
    case 'flintn': {
      const body = JSON.stringify(template.sample);
      const signature = createHmac('sha256', secret).update(body).digest('hex');
      return { headers: { ...json, 'x-signature-primary': signature }, body };
    }
    default:
      return { headers: { ...json, 'x-webhook-secret': secret }, body: JSON.stringify(template.sample) };
  }
}

async function templates(gw: TestGateway): Promise<Template[]> {
  const response = await gw.api('GET', '/api/v1/templates');
  assert.equal(response.status, 200, response.body);
  return (response.json() as { items: Template[] }).items;
}

await forEachStore('sender templates', (fresh) => {
  test('every template is listed with its mode, sample, inferred schema and a usable identifier path', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const items = await templates(gw);
    assert.deepEqual(
      items.map((x) => x.id),
      ['xoxo', 'welink', 'flintn', 'make', 'zapier', 'n8n', 'pipedream'],
    );
    const byId = Object.fromEntries(items.map((x) => [x.id, x]));
    assert.deepEqual(byId.xoxo?.auth, { mode: 'api_key', header: 'x-api-key', format: 'xoxo' });
    assert.deepEqual(byId.welink?.auth, { mode: 'body_hash', field: 'hash' });
    assert.deepEqual(byId.flintn?.auth, { mode: 'hmac', preset: 'flintn' });
    assert.equal(byId.flintn?.secret.source, 'sender');
    for (const id of ['make', 'zapier', 'n8n', 'pipedream'])
      assert.equal(byId[id]?.auth.mode, 'shared_secret');
    assert.deepEqual(Object.keys(byId.xoxo?.sample.data as object), [
      'orderId',
      'poNumber',
      'orderDate',
      'deliveryStatus',
    ]);
    for (const item of items) {
      assert.equal(item.schema.type, 'object', item.id);
      if (item.identifier)
        assert.ok(item.paths.includes(item.identifier.path), `${item.id}: ${item.identifier.path}`);
    }
  });

  test('a connection created from each template accepts the sender’s own request and refuses a forged one', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    for (const template of await templates(gw)) {
      const flintnSecret = randomBytes(32).toString('hex');
      const body = {
        name: `from ${template.id}`,
        template: template.id,
        ...(template.secret.source === 'sender' && { auth: { secret: flintnSecret } }),
      };
      const response = await gw.api('POST', '/api/v1/connections', body);
      assert.equal(response.status, 201, `${template.id}: ${response.body}`);
      const created = response.json() as Created;
      assert.equal(created.connection.auth.mode, template.auth.mode);
      assert.deepEqual(
        created.connection.identifier,
        template.identifier && { ...template.identifier, defaultCountry: null },
        template.id,
      );
      const secret = created.secret ?? flintnSecret;
      if (template.secret.source === 'sender') assert.equal(created.secret, undefined);
      if (template.id === 'xoxo') assert.match(secret, /^[A-Za-z0-9]{40}$/);

      const path = `/webhooks/in/${created.connection.id}`;
      const good = senderRequest(template, secret);
      const accepted = await gw.app.inject({
        method: 'POST',
        url: path,
        headers: good.headers,
        payload: good.body,
      });
      assert.equal(accepted.statusCode, 202, `${template.id}: ${accepted.body}`);
      const forged = senderRequest(template, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`);
      const refused = await gw.app.inject({
        method: 'POST',
        url: path,
        headers: forged.headers,
        payload: forged.body,
      });
      assert.equal(refused.statusCode, 401, template.id);
    }
  });

  test('a template’s fields can be added to but not contradicted, and a sender-issued secret is required', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const post = (body: unknown) => gw.api('POST', '/api/v1/connections', body);

    const noSecret = await post({ name: 'flintn', template: 'flintn' });
    assert.equal(noSecret.status, 400);
    assert.match(noSecret.body, /auth\.secret: is required for Flintn\. Paste the 64-character secret/);

    const otherMode = await post({ name: 'x', template: 'xoxo', auth: { mode: 'hmac' } });
    assert.equal(otherMode.status, 400);
    assert.match(otherMode.body, /the Xoxo order status template uses api_key, not hmac/);

    const unknown = await post({ name: 'x', template: 'nope' });
    assert.equal(unknown.status, 400);
    const neither = await post({ name: 'x' });
    assert.equal(neither.status, 400);
    assert.match(neither.body, /auth: is required \(or give a template\)/);

    const ownKey = await post({ name: 'xoxo', template: 'xoxo', auth: { secret: 'a1p2z5b7v68b9112234' } });
    assert.equal(ownKey.status, 201, ownKey.body);
    assert.equal((ownKey.json() as Created).secret, undefined);
    const ownIdentifier = await post({
      name: 'make',
      template: 'make',
      identifier: { type: 'phone', path: '$.phone' },
    });
    assert.deepEqual((ownIdentifier.json() as Created).connection.identifier, {
      type: 'phone',
      path: '$.phone',
      defaultCountry: null,
    });
  });
});
