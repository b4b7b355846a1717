import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import {
  applicationRecord,
  endpointRecord,
  enqueueTo,
  messageRecord,
  secretRecord,
  seedApplication,
  T0,
  testId,
} from './store-fixtures.ts';

await forEachStore('delivery store: records', (fresh) => {
  test('endpoint signing is parsed once when read: known forms as stored, an unknown form as null', async (t) => {
    const store = await fresh(t);
    const { application } = await seedApplication(store, 0);
    const signing = { style: 'hmac_header', header: 'X-Sig', secretScope: 'endpoint' } as const;
    const endpoint = endpointRecord(application.id, { signing });
    await store.delivery.endpoints.createEndpoint(endpoint, null);
    assert.deepEqual((await store.delivery.endpoints.getEndpoint(endpoint.id))?.signing, signing);
    // A form this version does not know (a hand-edited row, a style since removed) reads as null.
    const unknown = { style: 'carrier_pigeon', secretScope: 'endpoint' } as unknown as typeof signing;
    await store.delivery.endpoints.updateEndpoint(endpoint.id, { signing: unknown, updatedAt: T0 + 1 });
    assert.equal((await store.delivery.endpoints.getEndpoint(endpoint.id))?.signing, null);
    assert.deepEqual(
      (await store.delivery.endpoints.endpointsOf(application.id))?.map((e) => e.signing),
      [null],
    );
  });

  test('applications: create, page, rename, delete cascades to endpoints, messages and secrets', async (t) => {
    const store = await fresh(t);
    const apps = [0, 1, 2].map((i) => applicationRecord({ createdAt: T0 + i, updatedAt: T0 + i }));
    for (const app of apps) await store.delivery.applications.createApplication(app, secretRecord(app.id));
    const first = await store.delivery.applications.listApplications({ limit: 2 });
    assert.deepEqual(
      first.items.map((a) => a.id),
      [apps[2]?.id, apps[1]?.id],
    );
    const second = await store.delivery.applications.listApplications({
      limit: 2,
      cursor: first.nextCursor ?? '',
    });
    assert.deepEqual(
      second.items.map((a) => a.id),
      [apps[0]?.id],
    );
    const app = apps[0]!;
    const renamed = await store.delivery.applications.updateApplication(app.id, {
      name: 'Renamed',
      updatedAt: T0 + 9,
    });
    assert.equal(renamed?.name, 'Renamed');
    const endpoint = endpointRecord(app.id, {
      eventTypes: ['a.b'],
      headers: { 'x-a': '1' },
      retrySchedule: [0, 1],
    });
    await store.delivery.endpoints.createEndpoint(endpoint, secretRecord(endpoint.id));
    assert.deepEqual(await store.delivery.endpoints.getEndpoint(endpoint.id), endpoint);
    await enqueueTo(store, app.id, [endpoint.id]);
    assert.equal(await store.delivery.applications.deleteApplication(app.id), true);
    assert.equal(await store.delivery.endpoints.getEndpoint(endpoint.id), null);
    assert.equal((await store.delivery.listMessages({ limit: 10, applicationId: app.id })).items.length, 0);
    assert.equal((await store.delivery.activeSecrets([app.id, endpoint.id], T0)).size, 0);
    assert.equal(await store.delivery.applications.deleteApplication(app.id), false);
  });

  test('secrets: rotation with grace keeps the old version until retireAt', async (t) => {
    const store = await fresh(t);
    const app = applicationRecord();
    const v1 = secretRecord(app.id);
    await store.delivery.applications.createApplication(app, v1);
    const v2 = secretRecord(app.id, { createdAt: T0 + 10 });
    await store.delivery.rotateSecret(app.id, v2, T0 + 10, T0 + 1000);
    const during = (await store.delivery.activeSecrets([app.id], T0 + 999)).get(app.id);
    assert.deepEqual(
      during?.map((s) => s.id),
      [v2.id, v1.id],
    );
    const after = (await store.delivery.activeSecrets([app.id], T0 + 1000)).get(app.id);
    assert.deepEqual(
      after?.map((s) => s.id),
      [v2.id],
    );
    assert.equal((await store.delivery.allSecrets()).length, 2);
    await store.delivery.updateSecretMaterial(v2.id, 'v1.other');
    assert.equal(
      (await store.delivery.activeSecrets([app.id], T0 + 2000)).get(app.id)?.[0]?.material,
      'v1.other',
    );
  });

  test('enqueue: idempotency keys dedupe within a batch and across batches', async (t) => {
    const store = await fresh(t);
    const { application, endpoints } = await seedApplication(store);
    const deliveries = (id: string) => [
      { id, endpointId: endpoints[0]!.id, state: 'PENDING' as const, lastError: null },
    ];
    const a = messageRecord(application.id, { idempotencyKey: 'k1' });
    const b = messageRecord(application.id, { idempotencyKey: 'k1' });
    const [ra, rb] = await Promise.all([
      store.delivery.enqueue(a, deliveries(testId('dlv'))),
      store.delivery.enqueue(b, deliveries(testId('dlv'))),
    ]);
    assert.deepEqual(ra, { status: 'queued', messageId: a.id });
    assert.deepEqual(rb, { status: 'duplicate', messageId: a.id });
    const c = messageRecord(application.id, { idempotencyKey: 'k1' });
    assert.deepEqual(await store.delivery.enqueue(c, deliveries(testId('dlv'))), {
      status: 'duplicate',
      messageId: a.id,
    });
    assert.deepEqual(await store.delivery.getMessage(a.id), a);
    assert.equal(await store.delivery.getMessage(b.id), null);
  });

  test('disabling an endpoint by patch dead-letters its queue; purge keeps unfinished messages', async (t) => {
    const store = await fresh(t);
    const { application, endpoints } = await seedApplication(store, 2);
    const [a, b] = [endpoints[0]!.id, endpoints[1]!.id];
    const m = await enqueueTo(store, application.id, [a, b]);
    await store.delivery.endpoints.updateEndpoint(a, { enabled: false, updatedAt: T0 + 1 });
    const states = (await store.delivery.deliveriesOf(m.message.id)).map((d) => d.state).sort();
    assert.deepEqual(states, ['DEAD_LETTER', 'PENDING']);
    assert.deepEqual(await store.delivery.purge(T0 + 10), { attempts: 0, messages: 0 });
    await store.delivery.endpoints.updateEndpoint(b, { enabled: false, updatedAt: T0 + 2 });
    assert.deepEqual(await store.delivery.purge(T0 + 10), { attempts: 0, messages: 1 });
  });
});
