import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConnection, T0, testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();

test('GET /api/v1/history takes a since / until window (ISO times) with the other filters', async (t) => {
  t.after(() => factory.dispose());
  const gw = await testGateway(await factory.fresh(t));
  t.after(() => gw.app.close());
  const { id, path, secret } = await createConnection(gw, { mode: 'shared_secret' });
  const send = (s: string) =>
    gw.app.inject({ method: 'POST', url: path, headers: { 'x-webhook-secret': s }, payload: '{}' });
  await send(secret!); // T0
  gw.clock.advance(60_000);
  await send('wrong'); // T0 + 1 min
  gw.clock.advance(60_000);
  await send(secret!); // T0 + 2 min
  const list = async (query: string) =>
    (
      (await gw.api('GET', `/api/v1/history?${query}`)).json() as { items: { receivedAt: string }[] }
    ).items.map((row) => row.receivedAt);
  const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
  assert.deepEqual(await list(`since=${at(1)}`), [at(2), at(1)]);
  assert.deepEqual(await list(`until=${at(1)}`), [at(0)]);
  assert.deepEqual(await list(`since=${at(0)}&until=${at(2)}&outcome=ACCEPTED&connectionId=${id}`), [at(0)]);
  const invalid = await gw.api('GET', '/api/v1/history?since=last-week');
  assert.equal(invalid.status, 400);
});
