import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { fixedClock } from '../../src/core/clock.ts';
import { createApplicationService } from '../../src/delivery/admin/application-service.ts';
import { resealDeliverySecrets, runDeliveryRetention } from '../../src/delivery/delivery-maintenance.ts';
import { createMessagePublisher } from '../../src/delivery/publisher.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { endpointRecord, seedApplication, T0 } from './store-fixtures.ts';

await forEachStore('message publisher', (fresh) => {
  test('fans out to enabled endpoints subscribed to the type (exact, prefix.*, *, all)', async (t) => {
    const store = await fresh(t);
    const { application } = await seedApplication(store, 0);
    const make = async (eventTypes: string[] | null, enabled = true) => {
      const endpoint = endpointRecord(application.id, { eventTypes, enabled });
      await store.delivery.endpoints.createEndpoint(endpoint, null);
      return endpoint.id;
    };
    const all = await make(null);
    const exact = await make(['order.created']);
    const prefix = await make(['order.*']);
    const star = await make(['*']);
    await make(['user.created']);
    await make(null, false);
    let woke = 0;
    const publisher = createMessagePublisher({ store, clock: fixedClock(T0), onQueued: () => (woke += 1) });
    const result = await publisher.publish({
      applicationId: application.id,
      type: 'order.created',
      data: { a: 1 },
    });
    assert.ok(result.ok);
    const targets = (await store.delivery.deliveriesOf(result.messageId)).map((d) => d.endpointId).sort();
    assert.deepEqual(targets, [all, exact, prefix, star].sort());
    assert.equal(woke, 1);
  });

  test('flows publish to one endpoint with their origin; a disabled endpoint gets a dead letter', async (t) => {
    const store = await fresh(t);
    const { application, endpoints } = await seedApplication(store, 1);
    const publisher = createMessagePublisher({ store, clock: fixedClock(T0) });
    const endpointId = endpoints[0]!.id;
    const result = await publisher.publish({
      endpointId,
      type: 'contact.created',
      data: {},
      connectionId: 'con_1',
      sourceEventId: 'evt_1',
    });
    assert.ok(result.ok);
    const message = await store.delivery.getMessage(result.messageId);
    assert.equal(message?.applicationId, application.id);
    assert.equal(message?.connectionId, 'con_1');
    assert.equal(message?.sourceEventId, 'evt_1');
    await store.delivery.endpoints.updateEndpoint(endpointId, { enabled: false, updatedAt: T0 });
    const dead = await publisher.publish({ endpointId, type: 'contact.created', data: {} });
    assert.ok(dead.ok);
    assert.equal((await store.delivery.deliveriesOf(dead.messageId))[0]?.state, 'DEAD_LETTER');
  });

  test('validation: target, type, data, key and size', async (t) => {
    const store = await fresh(t);
    const { application } = await seedApplication(store, 0);
    const publisher = createMessagePublisher({ store, clock: fixedClock(T0), maxMessageBytes: 10 });
    const codes = async (input: Parameters<typeof publisher.publish>[0]) => {
      const result = await publisher.publish(input);
      return result.ok ? 'ok' : result.code;
    };
    assert.equal(await codes({ type: 'a', data: 1 }), 'VALIDATION_ERROR');
    assert.equal(await codes({ applicationId: 'app_x', type: 'a', data: 1 }), 'NOT_FOUND');
    assert.equal(await codes({ endpointId: 'ep_x', type: 'a', data: 1 }), 'NOT_FOUND');
    assert.equal(await codes({ applicationId: application.id, type: '', data: 1 }), 'VALIDATION_ERROR');
    assert.equal(await codes({ applicationId: application.id, type: 'a\n', data: 1 }), 'VALIDATION_ERROR');
    assert.equal(
      await codes({ applicationId: application.id, type: 'a', data: undefined }),
      'VALIDATION_ERROR',
    );
    assert.equal(
      await codes({ applicationId: application.id, type: 'a', data: 'x'.repeat(20) }),
      'PAYLOAD_TOO_LARGE',
    );
    assert.equal(
      await codes({ applicationId: application.id, type: 'a', data: 1, idempotencyKey: '' }),
      'VALIDATION_ERROR',
    );
    assert.equal(await codes({ applicationId: application.id, type: 'a', data: 1 }), 'ok');
  });

  test('retention purges old attempts and finished messages only', async (t) => {
    const store = await fresh(t);
    const { application } = await seedApplication(store, 1);
    const clock = fixedClock(T0);
    const publisher = createMessagePublisher({ store, clock });
    const result = await publisher.publish({ applicationId: application.id, type: 'a', data: 1 });
    assert.ok(result.ok);
    clock.advance(31 * 24 * 3600 * 1000);
    assert.deepEqual(await runDeliveryRetention(store, clock), { attempts: 0, messages: 0 }, 'still pending');
    const [job] = await store.delivery.lease({
      now: clock.now(),
      limit: 1,
      leaseMs: 1000,
      owner: 'w',
      excludeEndpoints: [],
      admit: () => true,
    });
    assert.ok(job);
    await store.delivery.complete({
      deliveryId: job.delivery.id,
      leaseToken: job.leaseToken,
      now: T0 + 1,
      attempt: {
        id: 'att_1',
        deliveryId: job.delivery.id,
        messageId: result.messageId,
        endpointId: job.endpoint.id,
        attempt: 1,
        status: 'SUCCESS',
        responseStatus: 200,
        responseBodyPreview: '',
        latencyMs: 1,
        error: null,
        createdAt: T0 + 1,
      },
      attempts: 1,
      state: 'SUCCESS',
      dueAt: null,
      lastStatus: 200,
      lastError: null,
    });
    assert.deepEqual(await runDeliveryRetention(store, clock), { attempts: 1, messages: 1 });
    assert.equal(await store.delivery.getMessage(result.messageId), null);
  });

  test('master-key rotation re-seals application and endpoint credentials', async (t) => {
    const store = await fresh(t);
    const oldKey = randomBytes(32);
    const oldBox = createSecretBox({ current: oldKey });
    const created = await createApplicationService({
      store,
      clock: fixedClock(T0),
      secretBox: oldBox,
    }).create({ name: 'A' });
    assert.ok(created.ok);
    const newBox = createSecretBox({ current: randomBytes(32), previous: [oldKey] });
    assert.equal(await resealDeliverySecrets(store, newBox), 1);
    const [version] = await store.delivery.allSecrets();
    assert.ok(version && newBox.isCurrent(version.material));
    assert.equal(newBox.open(version.material), created.value.secret);
    assert.equal(await resealDeliverySecrets(store, newBox), 0);
  });
});
