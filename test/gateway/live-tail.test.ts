import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATCH_UP_LIMIT } from '../../src/api/history-stream.ts';
import { sseEvents } from '../../src/cli/api-client.ts';
import { newId } from '../../src/core/ids.ts';
import { closeWithStreams, openHistoryStream } from '../helpers/history-stream.ts';
import { ADMIN_TOKEN, createConnection, T0, testGateway } from '../helpers/test-gateway.ts';
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
  const events = sseEvents(response.body!);
  const nextData = async () => (await events.next()).value?.data ?? '';

  const post = (id: string, secret: string) =>
    fetch(`${url}/webhooks/in/${id}`, {
      method: 'POST',
      headers: { 'x-webhook-secret': secret },
      body: '{"live":true}',
    });
  await post(other.id, other.secret!);
  await post(watched.id, 'wrong');
  await post(watched.id, watched.secret!);

  const first = JSON.parse(await nextData()) as {
    connectionId: string;
    outcome: string;
    message: string;
  };
  const second = JSON.parse(await nextData()) as { connectionId: string; outcome: string };
  assert.deepEqual(
    [first.connectionId, first.outcome, first.message],
    [watched.id, 'UNAUTHORIZED', 'UNAUTHORIZED: Invalid secret'],
  );
  assert.deepEqual([second.connectionId, second.outcome], [watched.id, 'ACCEPTED']);
  controller.abort();
});

test('a stream resumed with Last-Event-ID replays the rows after that one, oldest first, then live ones', {
  timeout: 30_000,
}, async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const watched = await createConnection(gw, { mode: 'shared_secret' });
  const other = await createConnection(gw, { mode: 'shared_secret' });
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => closeWithStreams(gw.app));
  const refuse = (id: string) => gw.app.inject({ method: 'POST', url: `/webhooks/in/${id}`, payload: '{}' });
  for (const id of [watched.id, watched.id, other.id, watched.id]) await refuse(id);
  const listed = (await gw.api('GET', `/api/v1/history?connectionId=${watched.id}`)).json() as {
    items: { id: string }[];
  };
  const [seen, ...missed] = listed.items.map((row) => row.id).reverse();

  const stream = await openHistoryStream(url, `?connectionId=${watched.id}`, seen);
  const replayed = [await stream.next(), await stream.next()];
  assert.deepEqual(
    replayed.map((event) => [event.event, event.id]),
    missed.map((id) => ['history', id]),
    "the watched connection's rows after the last one seen, in commit order",
  );
  assert.equal((JSON.parse(replayed[0]!.data) as { id: string }).id, missed[0]);
  await refuse(watched.id);
  const live = await stream.next();
  const newest = ((await gw.api('GET', '/api/v1/history?limit=1')).json() as { items: { id: string }[] })
    .items[0];
  assert.deepEqual([live.event, live.id], ['history', newest?.id], 'then the live rows, none twice');
  stream.close();

  const unknown = await openHistoryStream(url, '', 'hst_not_a_row');
  const gap = await unknown.next();
  assert.equal(gap.event, 'gap', 'an id the gateway does not know cannot be resumed from: it says so');
  assert.match((JSON.parse(gap.data) as { message: string }).message, /GET \/api\/v1\/history/);
  unknown.close();
});

test('the replay after Last-Event-ID is bounded: the newest rows, after a gap event', {
  timeout: 30_000,
}, async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const connection = await createConnection(gw, { mode: 'shared_secret' });
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => closeWithStreams(gw.app));
  const ids = Array.from({ length: CATCH_UP_LIMIT + 2 }, () => newId('hst'));
  await Promise.all(
    ids.map((id) =>
      gw.store.recordHistory({
        id,
        connectionId: connection.id,
        receivedAt: T0,
        outcome: 'UNAUTHORIZED',
        message: 'UNAUTHORIZED: Invalid secret',
        headers: {},
        bodyPreview: '',
        bodySize: 0,
        eventId: null,
        duplicateOf: null,
        contactId: null,
        repeatCount: 1,
      }),
    ),
  );
  const stream = await openHistoryStream(url, '', ids[0]);
  assert.equal((await stream.next()).event, 'gap');
  const replayed: (string | undefined)[] = [];
  for (let i = 0; i < CATCH_UP_LIMIT; i += 1) replayed.push((await stream.next()).id);
  assert.deepEqual(replayed, ids.slice(2), `the newest ${CATCH_UP_LIMIT} rows, oldest first`);
  stream.close();
});
