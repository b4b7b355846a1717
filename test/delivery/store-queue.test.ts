import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { attemptRecord, enqueueTo, leaseAll, seedApplication, T0 } from './store-fixtures.ts';

await forEachStore('delivery store: queue', (fresh, factory) => {
  test('lease: due jobs only, hidden until the lease expires, late completions are fenced', async (t) => {
    const store = await fresh(t);
    const { application, endpoints } = await seedApplication(store);
    const { message } = await enqueueTo(store, application.id, [endpoints[0]!.id], T0 + 5);
    assert.equal((await store.delivery.lease(leaseAll(T0))).length, 0, 'not due yet');
    const [first] = await store.delivery.lease(leaseAll(T0 + 5, 'w1', 10, 1000));
    assert.ok(first);
    assert.equal(first.delivery.attempts, 1);
    assert.equal(first.message.eventId, message.eventId);
    assert.equal((await store.delivery.lease(leaseAll(T0 + 1004))).length, 0, 'leased');
    const [second] = await store.delivery.lease(leaseAll(T0 + 1005, 'w2'));
    assert.ok(second);
    assert.equal(second.delivery.attempts, 2);
    const late = {
      deliveryId: first.delivery.id,
      leaseToken: first.leaseToken,
      now: T0 + 1006,
      attempt: attemptRecord(first.delivery.id, message.id, endpoints[0]!.id, 1, T0 + 1006),
      attempts: 1,
      state: 'SUCCESS' as const,
      dueAt: null,
      lastStatus: 200,
      lastError: null,
    };
    assert.equal(await store.delivery.complete(late), 'lease_lost');
    const done = {
      ...late,
      leaseToken: second.leaseToken,
      attempts: 2,
      attempt: attemptRecord(second.delivery.id, message.id, endpoints[0]!.id, 2, T0 + 1007),
    };
    assert.equal(await store.delivery.complete(done), 'applied');
    const [delivery] = await store.delivery.deliveriesOf(message.id);
    assert.equal(delivery?.state, 'SUCCESS');
    assert.equal(delivery?.dueAt, null);
    const attempts = await store.delivery.listAttempts({ limit: 10, messageId: message.id });
    assert.deepEqual(
      attempts.items.map((a) => a.attempt),
      [2, 1],
    );
    assert.equal(attempts.items[0]?.responseBodyPreview, 'oops\ufffd');
  });

  test('410: disabling the endpoint dead-letters its other deliveries; recover requeues them', async (t) => {
    const store = await fresh(t);
    const { application, endpoints } = await seedApplication(store);
    const endpointId = endpoints[0]!.id;
    await enqueueTo(store, application.id, [endpointId]);
    const { message: other } = await enqueueTo(store, application.id, [endpointId], T0 + 1);
    const leased = await store.delivery.lease(leaseAll(T0 + 1, 'w1', 1));
    const job = leased[0]!;
    await store.delivery.complete({
      deliveryId: job.delivery.id,
      leaseToken: job.leaseToken,
      now: T0 + 2,
      attempt: null,
      attempts: 1,
      state: 'DEAD_LETTER',
      dueAt: null,
      lastStatus: 410,
      lastError: 'gone',
      disableEndpoint: { endpointId, reason: '410 Gone' },
    });
    const endpoint = await store.delivery.endpoints.getEndpoint(endpointId);
    assert.equal(endpoint?.enabled, false);
    assert.equal(endpoint?.disabledReason, '410 Gone');
    const [otherDelivery] = await store.delivery.deliveriesOf(other.id);
    assert.equal(otherDelivery?.state, 'DEAD_LETTER');
    assert.equal(otherDelivery?.lastError, 'endpoint disabled: 410 Gone');
    assert.equal(await store.delivery.recoverEndpoint(endpointId, T0 + 1, T0 + 100), 1);
    assert.equal((await store.delivery.endpoints.getEndpoint(endpointId))?.enabled, true);
    const [requeued] = await store.delivery.deliveriesOf(other.id);
    assert.equal(requeued?.state, 'PENDING');
    assert.equal(requeued?.scheduleBase, requeued?.attempts);
    assert.equal(await store.delivery.recoverEndpoint('ep_missing', 0, T0), null);
  });

  test('replay one and replay failed since T', async (t) => {
    const store = await fresh(t);
    const { application, endpoints } = await seedApplication(store);
    const endpointId = endpoints[0]!.id;
    const old = await enqueueTo(store, application.id, [endpointId], T0);
    const recent = await enqueueTo(store, application.id, [endpointId], T0 + 50);
    for (const job of await store.delivery.lease(leaseAll(T0 + 60))) {
      await store.delivery.complete({
        deliveryId: job.delivery.id,
        leaseToken: job.leaseToken,
        now: T0 + 61,
        attempt: null,
        attempts: 1,
        state: 'DEAD_LETTER',
        dueAt: null,
        lastStatus: 500,
        lastError: 'x',
      });
    }
    assert.equal(await store.delivery.replayFailed(endpointId, T0 + 50, T0 + 70), 1);
    assert.equal((await store.delivery.deliveriesOf(recent.message.id))[0]?.state, 'PENDING');
    assert.equal((await store.delivery.deliveriesOf(old.message.id))[0]?.state, 'DEAD_LETTER');
    const replayed = await store.delivery.replayDelivery(old.message.id, endpointId, T0 + 80);
    assert.equal(replayed?.state, 'PENDING');
    assert.equal(replayed?.dueAt, T0 + 80);
    assert.equal(await store.delivery.replayDelivery(old.message.id, 'ep_nope', T0), null);
    const page = await store.delivery.listEndpointDeliveries({ endpointId, limit: 10, state: 'PENDING' });
    assert.equal(page.items.length, 2);
  });

  test('two handles lease disjoint sets of jobs', async (t) => {
    const store = await fresh(t);
    const other = await factory.openAgain(store);
    const { application, endpoints } = await seedApplication(store);
    for (let i = 0; i < 40; i += 1) await enqueueTo(store, application.id, [endpoints[0]!.id]);
    // PostgreSQL: concurrently (SKIP LOCKED). SQLite: one process holds the write lock synchronously, so two
    // handles in one process must take turns (separate processes wait on the busy timeout instead).
    const concurrent = factory.label === 'postgres';
    const round = async () =>
      concurrent
        ? Promise.all([
            store.delivery.lease(leaseAll(T0, 'a', 30)),
            other.delivery.lease(leaseAll(T0, 'b', 30)),
          ])
        : [
            await store.delivery.lease(leaseAll(T0, 'a', 30)),
            await other.delivery.lease(leaseAll(T0, 'b', 30)),
          ];
    const first = await round();
    const second = await round();
    const ids = [...first, ...second].flat().map((l) => l.delivery.id);
    assert.equal(ids.length, 40);
    assert.equal(new Set(ids).size, 40);
    const byA = [...(first[0] ?? []), ...(second[0] ?? [])].length;
    assert.equal(await store.delivery.release('a', T0 + 1), byA);
    assert.equal((await other.delivery.lease(leaseAll(T0 + 1, 'b'))).length, byA);
  });
});
