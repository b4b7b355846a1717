import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  applicationRecord,
  endpointRecord,
  messageRecord,
  secretRecord,
  testId,
} from '../delivery/store-fixtures.ts';
import { bodyPreviewContract } from './contract-body-preview.ts';
import { connectionContract } from './contract-connections.ts';
import { eventContract } from './contract-events.ts';
import { historyContract } from './contract-history.ts';
import { historySearchContract } from './contract-history-search.ts';
import { secretContract } from './contract-secrets.ts';
import { acceptArgs, connectionRecord, historyRecord, secretVersion, T0 } from './fixtures.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

/**
 * The Store contract suite, shared by every implementation. Each test opens its own fresh database
 * from `factory`; the factory is disposed after the suite. Skipped (with the reason) when
 * `factory.skip` is set.
 */
export function runStoreContract(factory: TestStoreFactory): void {
  describe(`Store contract (${factory.label})`, { skip: factory.skip ?? false }, () => {
    after(() => factory.dispose());
    describe('connections', () => connectionContract(factory));
    describe('secrets', () => secretContract(factory));
    describe('events and idempotency', () => eventContract(factory));
    describe('history', () => historyContract(factory));
    describe('history search', () => historySearchContract(factory));
    describe('body previews', () => bodyPreviewContract(factory));
    describe('lifecycle', () => lifecycleContract(factory));
  });
}

/** Purge, settings, migrations, ping/close, and data surviving a restart. */
function lifecycleContract(factory: TestStoreFactory): void {
  test('purge removes rows strictly older than the cutoffs and returns counts', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const old = acceptArgs(connection.id, { key: 'old', at: T0 });
    const edge = acceptArgs(connection.id, { key: 'edge', at: T0 + 100 });
    const recent = acceptArgs(connection.id, { key: 'recent', at: T0 + 200 });
    for (const args of [old, edge, recent]) await store.acceptEvent(...args);
    await store.recordHistory(historyRecord(connection.id, { receivedAt: T0 + 50, outcome: 'UNAUTHORIZED' }));

    assert.deepEqual(await store.purge(T0 + 100, T0 + 200), { history: 2, events: 1, keys: 2 });
    assert.equal(await store.getEvent(old[0].id), null);
    assert.deepEqual(await store.getEvent(edge[0].id), edge[0]);
    assert.deepEqual(
      (await store.listHistory({ limit: 10 })).items.map((h) => h.id),
      [recent[1].id, edge[1].id],
    );
    assert.equal(await store.findIdempotencyKey(connection.id, 'edge'), null);
    assert.equal(await store.findIdempotencyKey(connection.id, 'recent'), recent[0].id);
    assert.deepEqual(await store.purge(T0 + 100, T0 + 200), { history: 0, events: 0, keys: 0 });
    const reused = await store.acceptEvent(...acceptArgs(connection.id, { key: 'old', at: T0 + 300 }));
    assert.equal(reused.status, 'accepted', 'a purged key can be used again');
  });

  test('settings: missing is null, setSetting inserts then replaces', async (t) => {
    const store = await factory.fresh(t);
    assert.equal(await store.settings.getSetting('admin_token_hash'), null);
    await store.settings.setSetting('admin_token_hash', 'first');
    await store.settings.setSetting('other', '');
    await store.settings.setSetting('admin_token_hash', 'second');
    assert.equal(await store.settings.getSetting('admin_token_hash'), 'second');
    assert.equal(await store.settings.getSetting('other'), '');
  });

  test('migrate() twice is harmless; ping answers; close() twice is fine and later writes fail', async (t) => {
    const store = await factory.fresh(t);
    await store.settings.setSetting('kept', 'yes');
    await store.migrate();
    await store.migrate();
    await store.ping();
    assert.equal(await store.settings.getSetting('kept'), 'yes');
    await store.close();
    await store.close();
    await assert.rejects(store.acceptEvent(...acceptArgs('con_any')));
  });

  test('close() drains every group-commit queue (inbound, publishes, completions) and then refuses writes', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const application = applicationRecord();
    await store.delivery.applications.createApplication(application, secretRecord(application.id));
    const endpoint = endpointRecord(application.id);
    await store.delivery.endpoints.createEndpoint(endpoint, null);
    const message = messageRecord(application.id);
    const delivery = {
      id: testId('dlv'),
      endpointId: endpoint.id,
      state: 'PENDING' as const,
      lastError: null,
    };
    const [event, history] = acceptArgs(connection.id);
    // Completions of leases nobody holds: each queue answers them `lease_lost` once it has committed.
    const deliveryCompletion = {
      deliveryId: testId('dlv'),
      leaseToken: 'no-such-lease',
      now: T0,
      attempt: null,
      attempts: 1,
      state: 'FAILED' as const,
      dueAt: T0,
      lastStatus: null,
      lastError: null,
    };
    const forwardCompletion = {
      eventId: testId('evt'),
      leaseToken: 'no-such-lease',
      now: T0,
      attempt: null,
      state: 'pending' as const,
      dueAt: T0,
      lastStatus: null,
      lastError: null,
    };

    const pending = Promise.all([
      store.acceptEvent(event, history),
      store.delivery.enqueue(message, [delivery]),
      store.delivery.complete(deliveryCompletion),
      store.forward.complete(forwardCompletion),
    ]);
    await store.close();
    const [accepted, queued, deliveryDone, forwardDone] = await pending;
    assert.equal(accepted.status, 'accepted');
    assert.deepEqual(queued, { status: 'queued', messageId: message.id });
    assert.equal(deliveryDone, 'lease_lost');
    assert.equal(forwardDone, 'lease_lost');

    await assert.rejects(store.acceptEvent(...acceptArgs(connection.id)), /store is closed/);
    await assert.rejects(store.delivery.enqueue(messageRecord(application.id), []), /store is closed/);
    await assert.rejects(store.delivery.complete(deliveryCompletion), /store is closed/);
    await assert.rejects(store.forward.complete(forwardCompletion), /store is closed/);

    const reopened = await factory.openAgain(store);
    t.after(() => reopened.close());
    assert.deepEqual(await reopened.delivery.getMessage(message.id), message);
    assert.deepEqual(await reopened.getEvent(event.id), event);
  });

  test('data survives closing and reopening the same database', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    const secret = secretVersion(connection.id);
    await store.createConnection(connection, secret);
    const [event, history] = acceptArgs(connection.id, {
      key: 'persisted',
      body: Uint8Array.from([0, 1, 2, 0xff]),
    });
    const pending = store.acceptEvent(event, history);
    await store.settings.setSetting('instance', 'one');
    await store.close();
    assert.equal((await pending).status, 'accepted', 'close() waits for queued writes');

    const reopened = await factory.openAgain(store);
    t.after(() => reopened.close());
    assert.deepEqual(await reopened.getConnection(connection.id), connection);
    assert.deepEqual(await reopened.activeSecrets(connection.id, T0), [secret]);
    assert.deepEqual(await reopened.getEvent(event.id), event);
    assert.deepEqual(await reopened.getHistory(history.id), { ...history, eventId: event.id });
    assert.equal(await reopened.findIdempotencyKey(connection.id, 'persisted'), event.id);
    assert.equal(await reopened.settings.getSetting('instance'), 'one');
  });
}
