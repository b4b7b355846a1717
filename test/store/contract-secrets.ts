import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecretVersionRecord } from '../../src/store/types.ts';
import { connectionRecord, secretVersion, T0 } from './fixtures.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

const GRACE = 60_000;

/** The ids of secret versions, in the order given. */
function ids(versions: readonly SecretVersionRecord[]): string[] {
  return versions.map((version) => version.id);
}

/** Secret versions: rotation with and without grace, material re-encryption (fixed clock, no sleeps). */
export function secretContract(factory: TestStoreFactory): void {
  test('rotateSecret with grace keeps the old version active until retireAt', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    const v1 = secretVersion(connection.id, { createdAt: T0 });
    await store.createConnection(connection, v1);
    assert.deepEqual(await store.activeSecrets(connection.id, T0), [v1]);

    const now = T0 + 1000;
    const v2 = secretVersion(connection.id, { createdAt: now });
    await store.rotateSecret(connection.id, v2, now, now + GRACE);
    assert.deepEqual(await store.activeSecrets(connection.id, now), [v2, { ...v1, expiresAt: now + GRACE }]);
    assert.deepEqual(ids(await store.activeSecrets(connection.id, now + GRACE - 1)), [v2.id, v1.id]);
    assert.deepEqual(ids(await store.activeSecrets(connection.id, now + GRACE)), [v2.id]);
  });

  test('rotateSecret with retireAt = now retires the old version immediately', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    const v1 = secretVersion(connection.id, { createdAt: T0 });
    await store.createConnection(connection, v1);
    const now = T0 + 5000;
    const v2 = secretVersion(connection.id, { createdAt: now });
    await store.rotateSecret(connection.id, v2, now, now);
    assert.deepEqual(await store.activeSecrets(connection.id, now), [v2]);
    assert.deepEqual(ids(await store.activeSecrets(connection.id, now - 1)), [v2.id, v1.id]);
  });

  test('rotateSecret never extends an earlier expiry and leaves expired versions alone', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    const v1 = secretVersion(connection.id, { createdAt: T0 });
    await store.createConnection(connection, v1);
    const v2 = secretVersion(connection.id, { createdAt: T0 + 10 });
    await store.rotateSecret(connection.id, v2, T0 + 10, T0 + 10 + GRACE);
    // Second rotation during the grace period, with a longer grace: v1 keeps its earlier expiry.
    const v3 = secretVersion(connection.id, { createdAt: T0 + 20 });
    await store.rotateSecret(connection.id, v3, T0 + 20, T0 + 20 + 2 * GRACE);
    assert.deepEqual(await store.activeSecrets(connection.id, T0 + 20), [
      v3,
      { ...v2, expiresAt: T0 + 20 + 2 * GRACE },
      { ...v1, expiresAt: T0 + 10 + GRACE },
    ]);
    // An immediate rotation after v1 expired: v1 keeps its expiry, v2 and v3 retire now.
    const now = T0 + 20 + GRACE;
    const v4 = secretVersion(connection.id, { createdAt: now });
    await store.rotateSecret(connection.id, v4, now, now);
    const all = (await store.allSecrets()).filter((s) => s.connectionId === connection.id);
    const expiryById = new Map(all.map((s) => [s.id, s.expiresAt]));
    assert.deepEqual(
      [v1, v2, v3, v4].map((v) => expiryById.get(v.id)),
      [T0 + 10 + GRACE, now, now, null],
    );
    assert.deepEqual(await store.activeSecrets(connection.id, now), [v4]);
  });

  test('rotateSecret is rejected for an unknown connection and leaves nothing behind', async (t) => {
    const store = await factory.fresh(t);
    const orphan = secretVersion('con_missing');
    await assert.rejects(store.rotateSecret('con_missing', orphan, T0, T0));
    assert.deepEqual(await store.allSecrets(), []);
  });

  test('allSecrets lists every version and updateSecretMaterial rewrites one', async (t) => {
    const store = await factory.fresh(t);
    const first = connectionRecord();
    const second = connectionRecord();
    const s1 = secretVersion(first.id);
    const s2 = secretVersion(second.id, { kind: 'bcrypt', material: '$2b$10$abcdefghijklmnopqrstuv' });
    await store.createConnection(first, s1);
    await store.createConnection(second, s2);
    await store.createConnection(connectionRecord(), null);
    const all = await store.allSecrets();
    assert.deepEqual(new Set(ids(all)), new Set([s1.id, s2.id]));
    await store.updateSecretMaterial(s1.id, 'v2:re-encrypted');
    assert.deepEqual(await store.activeSecrets(first.id, T0), [{ ...s1, material: 'v2:re-encrypted' }]);
    assert.deepEqual(await store.activeSecrets(second.id, T0), [s2]);
  });
}
