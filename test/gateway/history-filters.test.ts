import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createConnection, T0, testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();
after(() => factory.dispose());

test('GET /api/v1/history takes a since / until window (ISO times) with the other filters', async (t) => {
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

test('GET /api/v1/history?q= searches with the other filters; a q without words is refused', async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  t.after(() => gw.app.close());
  const { id, path, secret } = await createConnection(gw, { mode: 'shared_secret' });
  const send = (s: string, payload: unknown) =>
    gw.app.inject({
      method: 'POST',
      url: path,
      headers: { 'x-webhook-secret': s },
      payload: payload as object,
    });
  await send(secret!, { type: 'invoice.paid', id: 'in_42' });
  gw.clock.advance(60_000);
  await send('wrong', { type: 'invoice.paid', id: 'in_43' });
  await send(secret!, { type: 'order.created' });
  const search = async (query: string) => {
    const answer = await gw.api('GET', `/api/v1/history?${query}`);
    assert.equal(answer.status, 200, answer.body);
    return (answer.json() as { items: { bodyPreview: string }[] }).items.map((row) => row.bodyPreview);
  };
  assert.deepEqual(await search('q=Invoice+PAID&limit=1&outcome=ACCEPTED'), [
    '{"type":"invoice.paid","id":"in_42"}',
  ]);
  assert.equal((await search(`q=invoice&connectionId=${id}`)).length, 2);
  assert.deepEqual(await search(`q=in+43&since=${new Date(T0 + 60_000).toISOString()}`), [
    '{"type":"invoice.paid","id":"in_43"}',
  ]);
  assert.deepEqual(await search('q=voice'), []);
  for (const bad of ['q=%2A%2A%2A', 'q=', `q=${'a+'.repeat(9)}`]) {
    assert.equal((await gw.api('GET', `/api/v1/history?${bad}`)).status, 400, bad);
  }
});
