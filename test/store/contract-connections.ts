import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionAuth } from '../../src/store/connection-auth.ts';
import { StoreConflictError, StoreCursorError } from '../../src/store/store-errors.ts';
import type { ConnectionRecord } from '../../src/store/types.ts';
import {
  acceptArgs,
  collectPageIds,
  connectionRecord,
  historyRecord,
  secretVersion,
  T0,
} from './fixtures.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

/** Connections: create/get/list/update/delete, including the cascade of a delete. */
export function connectionContract(factory: TestStoreFactory): void {
  test('createConnection then getConnection returns the same record', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord({
      maxBodyBytes: 4096,
      authConfig: connectionAuth('hmac', { nested: { a: [1, 'two'] } }),
    });
    await store.createConnection(connection, secretVersion(connection.id));
    assert.deepEqual(await store.getConnection(connection.id), connection);
    assert.equal(await store.getConnection('con_missing'), null);
    await assert.rejects(store.createConnection(connection, null), StoreConflictError);
  });

  test('the auth config is parsed once when read: the scheme of its mode, or null for a mode unknown here', async (t) => {
    const store = await factory.fresh(t);
    const known = connectionRecord({
      mode: 'stripe',
      authConfig: connectionAuth('stripe', { tolerance: 300 }),
    });
    await store.createConnection(known, null);
    const read = await store.getConnection(known.id);
    assert.equal(read?.authConfig.scheme?.id, 'stripe');
    assert.deepEqual(read?.authConfig.config, { tolerance: 300 });
    // A mode this version does not know (a row of a newer version, a scheme since removed): no scheme, so
    // its requests are refused as before, and its fields are kept as stored.
    const unknown = connectionRecord({
      mode: 'carrier_pigeon',
      authConfig: connectionAuth('carrier_pigeon', { coop: 'north' }),
      createdAt: T0 + 1,
    });
    await store.createConnection(unknown, null);
    assert.deepEqual((await store.getConnection(unknown.id))?.authConfig, {
      scheme: null,
      config: { coop: 'north' },
    });
    const listed = await store.listConnections({ limit: 5 });
    assert.deepEqual(
      listed.items.map((connection) => connection.authConfig.scheme?.id ?? null),
      [null, 'stripe'],
    );
    // A patch of the mode alone re-reads the scheme from the new mode.
    const patched = await store.updateConnection(unknown.id, { mode: 'hmac', updatedAt: T0 + 2 });
    assert.equal(patched?.authConfig.scheme?.id, 'hmac');
  });

  test('listConnections pages newest first, ties broken by id, with an opaque cursor', async (t) => {
    const store = await factory.fresh(t);
    const created = [
      connectionRecord({ id: 'c-a', createdAt: T0 }),
      connectionRecord({ id: 'c-b', createdAt: T0 + 5 }),
      connectionRecord({ id: 'c-c', createdAt: T0 + 5 }),
      connectionRecord({ id: 'c-d', createdAt: T0 + 9 }),
      connectionRecord({ id: 'c-e', createdAt: T0 + 1 }),
    ];
    for (const connection of created) await store.createConnection(connection, null);
    const pages = await collectPageIds((cursor) => store.listConnections({ cursor, limit: 2 }));
    assert.deepEqual(pages, [['c-d', 'c-c'], ['c-b', 'c-e'], ['c-a']]);
    const exact = await store.listConnections({ limit: 5 });
    assert.equal(exact.items.length, 5);
    assert.equal(exact.nextCursor, null);
    await assert.rejects(store.listConnections({ cursor: 'not a cursor', limit: 2 }), StoreCursorError);
  });

  test('updateConnection changes only the patched fields', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord({ maxBodyBytes: 1000 });
    await store.createConnection(connection, null);
    const renamed = await store.updateConnection(connection.id, { name: 'Renamed', updatedAt: T0 + 10 });
    assert.deepEqual(renamed, { ...connection, name: 'Renamed', updatedAt: T0 + 10 });
    const patched = await store.updateConnection(connection.id, {
      enabled: false,
      maxBodyBytes: null,
      secretPreview: null,
      mode: 'stripe',
      authConfig: { tolerance: 300 },
      updatedAt: T0 + 20,
    });
    const expected: ConnectionRecord = {
      ...connection,
      name: 'Renamed',
      enabled: false,
      maxBodyBytes: null,
      secretPreview: null,
      mode: 'stripe',
      authConfig: connectionAuth('stripe', { tolerance: 300 }),
      updatedAt: T0 + 20,
    };
    assert.deepEqual(patched, expected);
    assert.deepEqual(await store.getConnection(connection.id), expected);
    assert.equal(await store.updateConnection('con_missing', { name: 'x', updatedAt: T0 }), null);
  });

  test('deleteConnection removes secrets, history, events and idempotency keys', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    const other = connectionRecord();
    const secret = secretVersion(connection.id);
    await store.createConnection(connection, secret);
    await store.createConnection(other, secretVersion(other.id));
    const [event, history] = acceptArgs(connection.id, { key: 'order-1' });
    await store.acceptEvent(event, history);
    const rejected = historyRecord(connection.id, { outcome: 'UNAUTHORIZED', message: 'UNAUTHORIZED: nope' });
    await store.recordHistory(rejected);
    await store.acceptEvent(...acceptArgs(other.id, { key: 'order-1' }));

    assert.equal(await store.deleteConnection(connection.id), true);
    assert.equal(await store.getConnection(connection.id), null);
    assert.deepEqual(await store.activeSecrets(connection.id, T0), []);
    assert.equal(
      (await store.allSecrets()).some((s) => s.connectionId === connection.id),
      false,
    );
    assert.equal(await store.getEvent(event.id), null);
    assert.equal(await store.getHistory(history.id), null);
    assert.equal(await store.getHistory(rejected.id), null);
    assert.equal(await store.findIdempotencyKey(connection.id, 'order-1'), null);
    assert.equal(
      (await store.listHistory({ limit: 10 })).items.length,
      1,
      'the other connection keeps its row',
    );
    assert.equal(await store.deleteConnection(connection.id), false);

    await store.createConnection(connection, null);
    const again = await store.acceptEvent(...acceptArgs(connection.id, { key: 'order-1' }));
    assert.equal(again.status, 'accepted', 'the key is free again after the delete');
  });
}
