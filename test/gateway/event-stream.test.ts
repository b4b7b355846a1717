import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { type EventSourceMessage, EventSourceParserStream } from 'eventsource-parser/stream';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { eventStreamRoute } from '../../src/api/event-stream-route.ts';
import { createHistoryBus } from '../../src/ingest/history-bus.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { Store } from '../../src/store/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { ADMIN_TOKEN, createConnection, T0, type TestGateway, testGateway } from '../helpers/test-gateway.ts';
import { acceptArgs, connectionRecord } from '../store/fixtures.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

/** An open event stream: its messages one by one, and how to close it. */
interface OpenStream {
  readonly status: number;
  readonly contentType: string | null;
  next(): Promise<EventSourceMessage>;
  close(): void;
}

/** Opens `GET /api/v1/events/stream?<query>` on a listening gateway. */
async function openStream(
  base: string,
  query = '',
  headers: Record<string, string> = {},
): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/events/stream${query}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
    signal: controller.signal,
  });
  const reader = response.ok
    ? response
        .body!.pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream())
        .getReader()
    : undefined;
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async next() {
      const read = await reader?.read();
      if (read === undefined || read.done) throw new Error('the stream ended');
      return read.value;
    },
    close: () => controller.abort(),
  };
}

/** Posts `body` to a shared-secret connection; returns the accepted event id. */
async function post(gw: TestGateway, connection: { path: string; secret: string | undefined }, body: string) {
  const response = await gw.app.inject({
    method: 'POST',
    url: connection.path,
    headers: { 'x-webhook-secret': connection.secret ?? '', 'content-type': 'application/json' },
    payload: body,
  });
  assert.equal(response.statusCode, 202);
  return (response.json() as { id: string }).id;
}

await forEachStore('event stream API', (fresh, factory) => {
  async function setup(t: Parameters<typeof fresh>[0]) {
    const gw = await testGateway(await fresh(t));
    const a = await createConnection(gw, { mode: 'shared_secret' });
    const b = await createConnection(gw, { mode: 'shared_secret' });
    const base = await gw.app.listen({ port: 0, host: '127.0.0.1' });
    t.after(() => gw.app.close());
    return { gw, a, b, base };
  }

  test('streams events accepted from then on, each as GET /api/v1/events/{id} shows it', async (t) => {
    const { gw, a, b, base } = await setup(t);
    const earlier = await post(gw, a, '{"n":0}');
    const stream = await openStream(base, `?connectionId=${a.id}`);
    t.after(() => stream.close());
    assert.equal(stream.status, 200);
    assert.match(stream.contentType ?? '', /^text\/event-stream/);
    await post(gw, b, '{"other":true}');
    const ids = [await post(gw, a, '{"n":1}'), await post(gw, a, '{"n":2}')];
    for (const id of ids) {
      const message = await stream.next();
      assert.equal(message.id, id);
      assert.notEqual(message.id, earlier);
      const shown = await gw.api('GET', `/api/v1/events/${id}`);
      assert.deepEqual(JSON.parse(message.data), shown.json());
    }
  });

  test('resumes after an event (query or Last-Event-ID), in order, for several connections', async (t) => {
    const { gw, a, b, base } = await setup(t);
    const ids = [
      await post(gw, a, '{"n":1}'),
      await post(gw, b, '{"n":2}'),
      await post(gw, a, '{"n":3}'),
      await post(gw, b, '{"n":4}'),
    ];
    const byQuery = await openStream(base, `?connectionId=${a.id}&connectionId=${b.id}&after=${ids[0]}`);
    t.after(() => byQuery.close());
    assert.deepEqual(
      [(await byQuery.next()).id, (await byQuery.next()).id, (await byQuery.next()).id],
      ids.slice(1),
    );
    const byHeader = await openStream(base, `?connectionId=${a.id}&after=${ids[0]}`, {
      'last-event-id': ids[2] ?? '',
    });
    t.after(() => byHeader.close());
    const next = await post(gw, a, '{"n":5}');
    assert.equal((await byHeader.next()).id, next, 'Last-Event-ID wins over after=');
  });

  test('since= starts with the first event received since then', async (t) => {
    const { gw, a, base } = await setup(t);
    const old = await post(gw, a, '{"old":true}');
    gw.clock.advance(60_000);
    const recent = await post(gw, a, '{"recent":true}');
    const stream = await openStream(base, `?since=${new Date(T0 + 30_000).toISOString()}`);
    t.after(() => stream.close());
    const first = await stream.next();
    assert.equal(first.id, recent);
    assert.notEqual(first.id, old);
  });

  test('a stream opened on one instance carries the events another instance accepts', async (t) => {
    const { gw, a, base } = await setup(t);
    const otherStore = await factory.openAgain(gw.store);
    t.after(() => otherStore.close());
    const other = await testGateway(otherStore, { masterKey: gw.masterKey });
    t.after(() => other.app.close());
    const stream = await openStream(base, `?connectionId=${a.id}`);
    t.after(() => stream.close());
    const ids = [await post(other, a, '{"via":"other"}'), await post(gw, a, '{"via":"this"}')];
    assert.deepEqual([(await stream.next()).id, (await stream.next()).id], ids);
  });

  test('an unknown cursor is 410 CURSOR_EXPIRED; the stream needs the admin token', async (t) => {
    const { base } = await setup(t);
    const expired = await fetch(`${base}/api/v1/events/stream?after=evt_nope`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(expired.status, 410);
    assert.equal(((await expired.json()) as { error: string }).error, 'CURSOR_EXPIRED');
    const unauthorized = await fetch(`${base}/api/v1/events/stream`);
    assert.equal(unauthorized.status, 401);
  });

  test('closing the gateway ends open streams; the route is in the OpenAPI document', async (t) => {
    const { gw, base } = await setup(t);
    const spec = (await gw.app.inject({ url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { get?: { operationId?: string; tags?: string[] } }>;
    };
    const operation = spec.paths['/api/v1/events/stream']?.get;
    assert.equal(operation?.operationId, 'streamEvents');
    assert.deepEqual(operation?.tags, ['events']);
    const stream = await openStream(base);
    await gw.app.close();
    await assert.rejects(stream.next(), /the stream ended/);
  });
});

/** The stream route alone on a listening Fastify app over `store`; resolves with its base URL. */
async function bareStreamApp(
  t: TestContext,
  store: Pick<Store, 'eventStream'>,
  options: { keepaliveMs?: number; pollIntervalMs?: number } = {},
): Promise<string> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await eventStreamRoute(app, {
    store,
    historyBus: createHistoryBus(),
    logger: createLogger('silent'),
    ...options,
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  return base;
}

test('an idle stream sends keepalive comments so proxies do not close it', async (t) => {
  const factory = sqliteTestStoreFactory();
  t.after(() => factory.dispose());
  const base = await bareStreamApp(t, await factory.fresh(t), { keepaliveMs: 20 });
  const controller = new AbortController();
  t.after(() => controller.abort());
  const response = await fetch(`${base}/api/v1/events/stream`, { signal: controller.signal });
  const comments: string[] = [];
  void response
    .body!.pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream({ onComment: (comment) => comments.push(comment.trim()) }))
    .pipeTo(new WritableStream())
    .catch(() => {});
  const seen = await pollUntil(
    () => comments,
    (list) => list.includes('keepalive'),
  );
  assert.deepEqual(seen.slice(0, 2), ['connected', 'keepalive']);
});

test('a read the store cannot answer (unreachable) keeps the stream open; the next read delivers', async (t) => {
  const factory = sqliteTestStoreFactory();
  t.after(() => factory.dispose());
  const store = await factory.fresh(t);
  const connection = connectionRecord();
  await store.createConnection(connection, null);
  let failures = 0;
  const flaky: Pick<Store, 'eventStream'> = {
    eventStream: {
      ...store.eventStream,
      read(position, filter, limit) {
        if (failures < 3) {
          failures += 1;
          return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
        }
        return store.eventStream.read(position, filter, limit);
      },
    },
  };
  const base = await bareStreamApp(t, flaky, { pollIntervalMs: 10 });
  const stream = await openStream(base, '?since=2000-01-01T00:00:00Z');
  t.after(() => stream.close());
  const [event, history] = acceptArgs(connection.id);
  await store.acceptEvent(event, history);
  assert.equal((await stream.next()).id, event.id);
  assert.equal(failures, 3);
});
