import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { deliveryApiApp } from './helpers/api-app.ts';
import { startSink } from './helpers/sink.ts';

interface Json {
  [key: string]: unknown;
}

await forEachStore('no secret leaks', (fresh) => {
  test('credentials never appear in API responses (after creation), attempt rows, stored rows or logs', async (t) => {
    // A receiver that echoes the request headers back: the attempt preview would carry every credential.
    const sink = await startSink((request, index) => ({
      status: index < 6 ? 500 : 200,
      body: JSON.stringify({ headers: request.headers, body: request.body }),
    }));
    t.after(() => sink.close());
    const store = await fresh(t);
    const api = await deliveryApiApp(store, t);
    const created = await api.call('POST', '/api/v1/applications', { name: 'A' });
    const { application, secret: appSecret } = created.json<{ application: Json; secret: string }>();
    const secrets = [appSecret, 'XoxoKey0123456789abc'];
    const styles = [
      { style: 'api_key', secret: 'XoxoKey0123456789abc' },
      { style: 'bearer' },
      { style: 'basic', username: 'acme' },
      { style: 'hmac_header', secretScope: 'endpoint' },
      { style: 'standard_webhooks' },
      { style: 'body_hash' },
    ];
    for (const signing of styles) {
      const response = await api.call('POST', `/api/v1/applications/${application.id}/endpoints`, {
        url: sink.url,
        signing,
      });
      assert.equal(response.status, 201, response.body);
      const generated = response.json<{ secret?: string }>().secret;
      if (generated !== undefined) secrets.push(generated);
    }
    const shownOnce = new Set(api.bodies.splice(0));
    assert.equal(shownOnce.size, 1 + styles.length);

    const published = await api.call('POST', '/api/v1/messages', {
      applicationId: application.id,
      type: 'order.created',
      data: { n: 1 },
    });
    const messageId = published.json<{ message: Json }>().message.id as string;
    const worker = api.worker();
    await worker.runOnce();
    api.clock.advance(5000);
    await worker.runOnce();
    const basicToken = (secret: string) => Buffer.from(`acme:${secret}`).toString('base64');

    await api.call('GET', `/api/v1/applications/${application.id}`);
    await api.call('GET', `/api/v1/applications/${application.id}/endpoints`);
    await api.call('GET', `/api/v1/messages/${messageId}`);
    const attempts = await api.call('GET', `/api/v1/messages/${messageId}/attempts?limit=100`);
    assert.equal(attempts.json<{ items: Json[] }>().items.length, styles.length * 2);
    assert.ok(attempts.body.includes('[redacted]'), 'echoed credentials were scrubbed');
    const stored = JSON.stringify([
      await store.delivery.allSecrets(),
      await store.delivery.listAttempts({ limit: 100 }),
      await store.delivery.deliveriesOf(messageId),
      await store.delivery.endpoints.endpointsOf(application.id as string),
    ]);
    const haystacks = { responses: api.bodies.join('\n'), logs: api.logs.join('\n'), stored };
    assert.ok(sink.requests.length >= styles.length, 'the sink did receive the credentials');
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(haystacks)) {
        assert.ok(!text.includes(secret), `a credential appears in ${where}`);
        assert.ok(!text.includes(basicToken(secret)), `a basic token appears in ${where}`);
      }
    }
  });

  test('a destination refused at delivery time: attempt error, no request sent', async (t) => {
    const sink = await startSink();
    t.after(() => sink.close());
    const store = await fresh(t);
    const api = await deliveryApiApp(store, t);
    const app = (await api.call('POST', '/api/v1/applications', { name: 'A' })).json<{ application: Json }>()
      .application;
    await api.call('POST', `/api/v1/applications/${app.id}/endpoints`, { url: sink.url });
    const messageId = await api.publish(app.id as string);
    const strict = api.worker({ allowPrivateDestinations: false });
    assert.equal((await strict.runOnce()).failed, 1);
    const [attempt] = (await store.delivery.listAttempts({ limit: 5, messageId })).items;
    assert.equal(attempt?.error, 'DESTINATION_NOT_ALLOWED: 127.0.0.1 is a loopback address');
    assert.equal(attempt?.responseStatus, null);
    assert.equal(sink.requests.length, 0);
  });
});
