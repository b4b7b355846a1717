import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { deliveryApiApp } from './helpers/api-app.ts';
import { startSink } from './helpers/sink.ts';

interface Json {
  [key: string]: unknown;
}

await forEachStore('delivery API', (fresh) => {
  test('applications: secret shown once on create and rotate, masked 6+4 after', async (t) => {
    const api = await deliveryApiApp(await fresh(t), t);
    const created = await api.call('POST', '/api/v1/applications', { name: 'Acme' });
    assert.equal(created.status, 201);
    const { application, secret } = created.json<{ application: Json; secret: string }>();
    assert.match(secret, /^[A-Za-z0-9]{64}$/);
    assert.equal(application.secretPreview, `${secret.slice(0, 6)}…${secret.slice(-4)}`);
    const shown = await api.call('GET', `/api/v1/applications/${application.id}`);
    assert.equal(shown.status, 200);
    assert.ok(!shown.body.includes(secret));
    assert.equal((await api.call('GET', '/api/v1/applications')).json<{ items: Json[] }>().items.length, 1);
    const renamed = await api.call('PATCH', `/api/v1/applications/${application.id}`, { name: 'Acme Ltd' });
    assert.equal(renamed.json().name, 'Acme Ltd');
    const rotated = await api.call('POST', `/api/v1/applications/${application.id}/rotate`, {
      graceSeconds: 3600,
    });
    const next = rotated.json<{ secret: string }>().secret;
    assert.notEqual(next, secret);
    assert.equal(
      (await api.call('POST', `/api/v1/applications/${application.id}/rotate`, { secret: 'x'.repeat(64) }))
        .status,
      400,
    );
    assert.equal((await api.call('DELETE', `/api/v1/applications/${application.id}`)).status, 204);
    assert.equal((await api.call('GET', `/api/v1/applications/${application.id}`)).status, 404);
  });

  test('endpoints: 422 DESTINATION_NOT_ALLOWED with the reason; validation of headers and keys', async (t) => {
    const api = await deliveryApiApp(await fresh(t), t, { allowPrivateDestinations: false });
    const app = (await api.call('POST', '/api/v1/applications', { name: 'A' })).json<{ application: Json }>()
      .application;
    const path = `/api/v1/applications/${app.id}/endpoints`;
    const refused = await api.call('POST', path, { url: 'http://0x7f.1:8080/hook' });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.json(), {
      error: 'DESTINATION_NOT_ALLOWED',
      message: 'DESTINATION_NOT_ALLOWED: url: 127.0.0.1 is a loopback address',
    });
    assert.equal((await api.call('POST', path, { url: 'ftp://example.com/' })).status, 400);
    const ok = await api.call('POST', path, { url: 'https://93.184.216.34/hook' });
    assert.equal(ok.status, 201);
    const id = ok.json<{ endpoint: Json }>().endpoint.id;
    assert.equal((await api.call('PATCH', `${path}/${id}`, { url: 'http://169.254.169.254/' })).status, 422);
    const reserved = await api.call('POST', path, {
      url: 'https://93.184.216.34/',
      headers: { 'X-Hookgate-Event': 'x' },
    });
    assert.equal(reserved.status, 400);
    const badKey = await api.call('POST', path, {
      url: 'https://93.184.216.34/',
      signing: { style: 'api_key', secret: 'short' },
    });
    assert.equal(badKey.status, 400);
    assert.match(badKey.json<{ message: string }>().message, /alphanumeric/);
  });

  test('endpoint credentials: generated once, masked after, replaced on a style change, rotated', async (t) => {
    const api = await deliveryApiApp(await fresh(t), t);
    const app = (await api.call('POST', '/api/v1/applications', { name: 'A' })).json<{ application: Json }>()
      .application;
    const path = `/api/v1/applications/${app.id}/endpoints`;
    const created = await api.call('POST', path, {
      url: 'https://93.184.216.34/',
      signing: { style: 'hmac_header', secretScope: 'endpoint' },
    });
    const { endpoint, secret } = created.json<{ endpoint: Json; secret: string }>();
    assert.deepEqual(endpoint.signing, {
      style: 'hmac_header',
      header: 'X-Signature-Primary',
      secretScope: 'endpoint',
    });
    assert.equal(endpoint.secretPreview, `${secret.slice(0, 6)}…${secret.slice(-4)}`);
    const shown = await api.call('GET', `${path}/${endpoint.id}`);
    assert.ok(!shown.body.includes(secret));
    const sameStyle = await api.call('PATCH', `${path}/${endpoint.id}`, {
      signing: { style: 'hmac_header', secretScope: 'endpoint', secret: 'y'.repeat(32) },
    });
    assert.equal(sameStyle.status, 400);
    const bearer = await api.call('PATCH', `${path}/${endpoint.id}`, { signing: { style: 'bearer' } });
    assert.equal(bearer.status, 200);
    assert.match(bearer.json<{ secret: string }>().secret, /^[A-Za-z0-9]{64}$/);
    const rotated = await api.call('POST', `${path}/${endpoint.id}/rotate`, { secret: 'z'.repeat(40) });
    assert.equal(rotated.status, 200);
    assert.equal(rotated.json<{ secret?: string }>().secret, undefined, 'a given credential is not echoed');
    const appScoped = (await api.call('POST', path, { url: 'https://93.184.216.34/' })).json<{
      endpoint: Json;
    }>().endpoint;
    assert.equal((await api.call('POST', `${path}/${appScoped.id}/rotate`, {})).status, 400);
    assert.equal(
      (await api.call('GET', `/api/v1/applications/app_other/endpoints/${endpoint.id}`)).status,
      404,
    );
    assert.equal((await api.call('DELETE', `${path}/${endpoint.id}`)).status, 204);
  });

  test('messages: publish, idempotency, delivery log, replay one, bulk replay, recover', async (t) => {
    const sink = await startSink((_request, index) => (index === 1 ? { status: 410 } : { status: 200 }));
    t.after(() => sink.close());
    const api = await deliveryApiApp(await fresh(t), t);
    const app = (await api.call('POST', '/api/v1/applications', { name: 'A' })).json<{ application: Json }>()
      .application;
    const endpoint = (
      await api.call('POST', `/api/v1/applications/${app.id}/endpoints`, {
        url: sink.url,
        eventTypes: ['order.*'],
      })
    ).json<{ endpoint: Json }>().endpoint;
    const body = { applicationId: app.id, type: 'order.created', data: { id: 1 }, idempotencyKey: 'k-1' };
    const published = await api.call('POST', '/api/v1/messages', body);
    assert.equal(published.status, 202);
    const message = published.json<{ message: Json }>().message;
    assert.deepEqual(message.data, { id: 1 });
    const again = await api.call('POST', '/api/v1/messages', body);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json(), { message, duplicate: true });
    assert.equal(api.queuedCount(), 1);
    const ignored = await api.call('POST', '/api/v1/messages', {
      applicationId: app.id,
      type: 'user.created',
      data: {},
    });
    assert.deepEqual(ignored.json<{ message: Json }>().message.type, 'user.created');
    const worker = api.worker();
    assert.equal((await worker.runOnce()).succeeded, 1);
    const detail = (await api.call('GET', `/api/v1/messages/${message.id}`)).json<{ deliveries: Json[] }>();
    assert.equal(detail.deliveries[0]?.state, 'SUCCESS');
    assert.equal(detail.deliveries[0]?.nextAttemptAt, null);
    const replay = await api.call('POST', `/api/v1/messages/${message.id}/endpoints/${endpoint.id}/replay`);
    assert.equal(replay.status, 202);
    assert.equal((await worker.runOnce()).deadLettered, 1, 'the second request answers 410');
    const attempts = (await api.call('GET', `/api/v1/messages/${message.id}/attempts?status=FAILED`)).json<{
      items: Json[];
    }>();
    assert.deepEqual(
      attempts.items.map((a) => [a.attempt, a.responseStatus]),
      [[2, 410]],
    );
    const base = `/api/v1/applications/${app.id}/endpoints/${endpoint.id}`;
    assert.equal((await api.call('GET', base)).json().enabled, false);
    assert.equal(
      (await api.call('POST', `${base}/replay-failed`, { since: new Date(0).toISOString() })).status,
      409,
    );
    const recovered = await api.call('POST', `${base}/recover`, {});
    assert.equal(recovered.status, 202);
    assert.equal(recovered.json().requeued, 1);
    assert.equal((await worker.runOnce()).succeeded, 1);
    const deliveries = (await api.call('GET', `${base}/deliveries?state=SUCCESS`)).json<{ items: Json[] }>();
    assert.equal(deliveries.items.length, 1);
    const log = (await api.call('GET', `${base}/attempts`)).json<{ items: Json[] }>();
    assert.deepEqual(
      log.items.map((a) => a.attempt),
      [3, 2, 1],
    );
    assert.equal(
      (await api.call('POST', '/api/v1/messages', { applicationId: 'app_nope', type: 'x', data: 1 })).status,
      404,
    );
    assert.equal((await api.call('GET', '/api/v1/messages?cursor=bogus')).status, 400);
  });

  test('the OpenAPI document lists the delivery paths', async (t) => {
    const api = await deliveryApiApp(await fresh(t), t);
    const paths = Object.keys((api.app.swagger() as { paths: Record<string, unknown> }).paths);
    for (const path of [
      '/api/v1/applications',
      '/api/v1/applications/{id}/rotate',
      '/api/v1/applications/{id}/endpoints/{endpointId}',
      '/api/v1/applications/{id}/endpoints/{endpointId}/recover',
      '/api/v1/applications/{id}/endpoints/{endpointId}/replay-failed',
      '/api/v1/messages',
      '/api/v1/messages/{id}/attempts',
      '/api/v1/messages/{id}/endpoints/{endpointId}/replay',
    ]) {
      assert.ok(paths.includes(path), path);
    }
  });
});
