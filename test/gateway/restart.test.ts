import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';

await forEachStore('restart', (fresh, factory) => {
  test('connections, secrets and events survive a restart on the same database', async (t) => {
    const store = await fresh(t);
    const first = await testGateway(store);
    const shared = await createConnection(first, { mode: 'shared_secret' });
    const hmac = await createConnection(first, { mode: 'hmac', header: 'X-Signature' });
    const accepted = await first.app.inject({
      method: 'POST',
      url: shared.path,
      headers: { 'x-webhook-secret': shared.secret! },
      payload: '{"before":"restart"}',
    });
    assert.equal(accepted.statusCode, 202);
    await first.app.close();

    const reopened = await factory.openAgain(store);
    await store.close();
    const second = await testGateway(reopened, { masterKey: first.masterKey });
    const event = await second.api('GET', `/api/v1/events/${accepted.json().id}`);
    assert.equal(
      Buffer.from((event.json() as { body: string }).body, 'base64').toString(),
      '{"before":"restart"}',
    );
    const again = await second.app.inject({
      method: 'POST',
      url: shared.path,
      headers: { 'x-webhook-secret': shared.secret! },
      payload: '{}',
    });
    assert.equal(again.statusCode, 202, 'the bcrypt-hashed secret still verifies');
    const { createHmac } = await import('node:crypto');
    const signed = await second.app.inject({
      method: 'POST',
      url: hmac.path,
      headers: { 'x-signature': createHmac('sha256', hmac.secret!).update('{}').digest('hex') },
      payload: '{}',
    });
    assert.equal(signed.statusCode, 202, 'the encrypted secret decrypts with the same master key');
    await second.app.close();
  });
});
