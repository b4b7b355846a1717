import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sseData } from '../../src/cli/history-command.ts';
import { ADMIN_TOKEN, createConnection, testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();

test('the live tail streams each new history row of the chosen connection as SSE', async (t) => {
  t.after(() => factory.dispose());
  const gw = await testGateway(await factory.fresh(t));
  const watched = await createConnection(gw, { mode: 'shared_secret' });
  const other = await createConnection(gw, { mode: 'shared_secret' });
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());

  const unauthorized = await fetch(`${url}/api/v1/history/stream`);
  assert.equal(unauthorized.status, 401);

  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/history/stream?connectionId=${watched.id}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const rows = sseData(response.body!);

  const post = (id: string, secret: string) =>
    fetch(`${url}/webhooks/in/${id}`, {
      method: 'POST',
      headers: { 'x-webhook-secret': secret },
      body: '{"live":true}',
    });
  await post(other.id, other.secret!);
  await post(watched.id, 'wrong');
  await post(watched.id, watched.secret!);

  const first = JSON.parse((await rows.next()).value as string) as {
    connectionId: string;
    outcome: string;
    message: string;
  };
  const second = JSON.parse((await rows.next()).value as string) as { connectionId: string; outcome: string };
  assert.deepEqual(
    [first.connectionId, first.outcome, first.message],
    [watched.id, 'UNAUTHORIZED', 'UNAUTHORIZED: Invalid secret'],
  );
  assert.deepEqual([second.connectionId, second.outcome], [watched.id, 'ACCEPTED']);
  controller.abort();
});
