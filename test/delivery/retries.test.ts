import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { deliveryHarness } from './helpers/harness.ts';
import { type SinkAnswer, startSink } from './helpers/sink.ts';

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

await forEachStore('retries', (fresh) => {
  async function setup(
    t: Parameters<typeof fresh>[0],
    answers: SinkAnswer[],
    endpointExtra: Record<string, unknown> = {},
  ) {
    const sink = await startSink((_request, index) => answers[index] ?? { status: 200 });
    t.after(() => sink.close());
    const store = await fresh(t);
    const h = deliveryHarness(store, t);
    const { application } = await h.application();
    const { endpoint } = await h.endpoint(application.id, { url: sink.url, ...endpointExtra });
    const worker = h.worker({ timeoutMs: 300 });
    return { sink, store, h, application, endpoint, worker };
  }

  const deliveryOf = async (s: Awaited<ReturnType<typeof setup>>, messageId: string) =>
    (await s.store.delivery.deliveriesOf(messageId))[0];

  test('500s retry on the schedule with the same event id and key; attempt counts 1, 2, 3', async (t) => {
    const s = await setup(t, [{ status: 500, body: 'boom' }, { status: 503 }]);
    const messageId = await s.h.publish(s.application.id);
    assert.equal((await s.worker.runOnce()).failed, 1);
    let delivery = await deliveryOf(s, messageId);
    assert.equal(delivery?.state, 'FAILED');
    assert.equal(delivery?.dueAt, s.h.clock.now() + 5000);
    s.h.clock.advance(4999);
    assert.equal((await s.worker.runOnce()).leased, 0, 'not due before 5 s');
    s.h.clock.advance(1);
    assert.equal((await s.worker.runOnce()).failed, 1);
    s.h.clock.advance(300_000);
    assert.equal((await s.worker.runOnce()).succeeded, 1);
    delivery = await deliveryOf(s, messageId);
    assert.equal(delivery?.state, 'SUCCESS');
    const seen = s.sink.requests.map((r) => [
      r.headers['x-hookgate-attempt'],
      r.headers['x-hookgate-event-id'],
      r.headers['idempotency-key'],
    ]);
    const eventId = s.sink.requests[0]?.headers['x-hookgate-event-id'];
    assert.deepEqual(seen, [
      ['1', eventId, eventId],
      ['2', eventId, eventId],
      ['3', eventId, eventId],
    ]);
    assert.deepEqual(
      s.sink.requests.map((r) => (JSON.parse(r.body) as { meta: { attempt: number } }).meta.attempt),
      [1, 2, 3],
    );
    const attempts = await s.store.delivery.listAttempts({ limit: 10, messageId });
    assert.deepEqual(
      attempts.items.map((a) => [a.attempt, a.status, a.responseStatus]),
      [
        [3, 'SUCCESS', 200],
        [2, 'FAILED', 503],
        [1, 'FAILED', 500],
      ],
    );
    assert.equal(attempts.items[2]?.responseBodyPreview, 'boom');
    assert.ok((attempts.items[2]?.latencyMs ?? -1) >= 0);
  });

  test('Retry-After replaces the next delay and is capped at one hour', async (t) => {
    const s = await setup(t, [
      { status: 429, headers: { 'retry-after': '120' } },
      { status: 503, headers: { 'retry-after': '86400' } },
    ]);
    const messageId = await s.h.publish(s.application.id);
    await s.worker.runOnce();
    assert.equal((await deliveryOf(s, messageId))?.dueAt, s.h.clock.now() + 120_000);
    s.h.clock.advance(120_000);
    await s.worker.runOnce();
    assert.equal((await deliveryOf(s, messageId))?.dueAt, s.h.clock.now() + 3_600_000);
  });

  test('connection refused, timeouts and redirects are failed attempts', async (t) => {
    const s = await setup(t, [
      'hang',
      { status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } },
    ]);
    const messageId = await s.h.publish(s.application.id);
    await s.worker.runOnce();
    s.h.clock.advance(5000);
    await s.worker.runOnce();
    const port = await closedPort();
    const patched = await s.h.endpoints.update(s.application.id, s.endpoint.id, {
      url: `http://127.0.0.1:${port}/x`,
    });
    assert.ok(patched.ok);
    s.h.clock.advance(300_000);
    await s.worker.runOnce();
    const attempts = [...(await s.store.delivery.listAttempts({ limit: 10, messageId })).items].reverse();
    assert.match(attempts[0]?.error ?? '', /^timeout: no complete response within 300 ms/);
    assert.equal(attempts[1]?.responseStatus, 302);
    assert.match(attempts[1]?.error ?? '', /redirects are not followed/);
    assert.equal(attempts[2]?.error, 'connection refused');
    assert.equal(attempts[2]?.responseStatus, null);
    assert.equal(s.sink.requests.length, 2);
  });

  test('after the last attempt the delivery is dead-lettered; replay and bulk replay send it again', async (t) => {
    const s = await setup(t, [{ status: 500 }, { status: 500 }, { status: 500 }], {
      retrySchedule: [0, 10, 20],
    });
    const messageId = await s.h.publish(s.application.id);
    for (const step of [0, 10_000, 20_000]) {
      s.h.clock.advance(step);
      await s.worker.runOnce();
    }
    let delivery = await deliveryOf(s, messageId);
    assert.equal(delivery?.state, 'DEAD_LETTER');
    assert.equal(delivery?.attempts, 3);
    const deadLettered = s.h.logs
      .map((line) => JSON.parse(line) as { level: number; msg: string; messageId?: string })
      .filter((line) => line.msg.startsWith('delivery dead-lettered'));
    assert.deepEqual(
      deadLettered.map((line) => [line.level, line.messageId]),
      [[40, messageId]],
      'one warning names the dead-lettered message',
    );
    s.h.clock.advance(1_000_000);
    assert.equal((await s.worker.runOnce()).leased, 0);
    const replayed = await s.store.delivery.replayDelivery(messageId, s.endpoint.id, s.h.clock.now());
    assert.equal(replayed?.state, 'PENDING');
    assert.equal((await s.worker.runOnce()).succeeded, 1);
    assert.equal(s.sink.requests.at(-1)?.headers['x-hookgate-attempt'], '4');
    const second = await s.h.publish(s.application.id);
    await s.h.endpoints.update(s.application.id, s.endpoint.id, {
      url: `http://127.0.0.1:${await closedPort()}/`,
    });
    for (const step of [0, 10_000, 20_000]) {
      s.h.clock.advance(step);
      await s.worker.runOnce();
    }
    delivery = await deliveryOf(s, second);
    assert.equal(delivery?.state, 'DEAD_LETTER');
    await s.h.endpoints.update(s.application.id, s.endpoint.id, { url: s.sink.url });
    assert.equal(await s.store.delivery.replayFailed(s.endpoint.id, 0, s.h.clock.now()), 1);
    assert.equal((await s.worker.runOnce()).succeeded, 1);
  });

  test('410 Gone disables the endpoint and dead-letters its queue; recover re-enables and redelivers', async (t) => {
    const s = await setup(t, [{ status: 410 }]);
    const first = await s.h.publish(s.application.id);
    await s.worker.runOnce();
    const second = await s.h.publish(s.application.id);
    const endpoint = await s.store.delivery.endpoints.getEndpoint(s.endpoint.id);
    assert.equal(endpoint?.enabled, false);
    assert.equal(endpoint?.disabledReason, '410 Gone');
    assert.equal((await deliveryOf(s, first))?.state, 'DEAD_LETTER');
    assert.equal(
      (await s.store.delivery.deliveriesOf(second)).length,
      0,
      'a disabled endpoint gets no new deliveries',
    );
    assert.equal(await s.store.delivery.recoverEndpoint(s.endpoint.id, 0, s.h.clock.now()), 1);
    assert.equal((await s.worker.runOnce()).succeeded, 1);
    assert.equal((await deliveryOf(s, first))?.state, 'SUCCESS');
  });
});
