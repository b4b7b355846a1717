import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/config.ts';
import { resolveAdminToken } from '../../src/server/bootstrap-secrets.ts';
import { forEachStore } from '../helpers/each-store.ts';

const config = (() => {
  const parsed = parseConfig({ HOOKGATE_DATA_DIR: '/nonexistent' });
  assert.ok(parsed.ok);
  return parsed.config;
})();

await forEachStore('first start without HOOKGATE_ADMIN_TOKEN', (fresh, factory) => {
  test('two starts racing on an empty database end with one token, printed once', async (t) => {
    const first = await fresh(t);
    const second = await factory.openAgain(first);
    const printed: string[] = [];
    const print = (text: string) => printed.push(text);
    // Both reads of the empty settings happen before either write: check-then-write would print twice.
    const tokens = await Promise.all([
      resolveAdminToken(config, first.settings, print),
      resolveAdminToken(config, second.settings, print),
    ]);
    await Promise.all(tokens.map((token) => token.commit()));
    const hashes = tokens.map((token) => token.currentHash());
    assert.equal(printed.length, 1, 'one token is printed');
    assert.equal(hashes[0], hashes[1], 'both instances accept the same token');
    assert.equal(await first.settings.getSetting('admin_token_sha256'), hashes[0]);
    const later = await resolveAdminToken(config, second.settings, print);
    await later.commit();
    assert.equal(later.currentHash(), hashes[0], 'a later start reuses it');
    assert.equal(printed.length, 1);
  });
});
