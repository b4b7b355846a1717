import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ForwardSettings, ForwardStore } from '../../src/store/forward/forward-types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { acceptArgs, connectionRecord, T0 } from '../store/fixtures.ts';

const SETTINGS: ForwardSettings = {
  url: 'https://backend.example/hooks',
  headers: { 'x-tenant': 'acme' },
  retrySchedule: [0, 5],
  timeoutMs: null,
  secretPreview: 'whsec_…abcd',
  enabled: true,
};

const lease = (forward: ForwardStore, now: number, owner: string, limit = 10) =>
  forward.lease({ now, limit, leaseMs: 60_000, owner, excludeConnections: [], admit: () => true });

await forEachStore('forward store', (fresh, factory) => {
  test('the forward job is committed with the event, never with a duplicate; settings round-trip', async (t) => {
    const store = await fresh(t);
    const connection = connectionRecord({ forward: SETTINGS });
    await store.createConnection(connection, null);
    assert.deepEqual((await store.getConnection(connection.id))?.forward, SETTINGS);
    const headers = { 'stripe-signature': 't=1,v1=abc' };
    const [event, history] = acceptArgs(connection.id, { key: 'k1' });
    const [again, againHistory] = acceptArgs(connection.id, { key: 'k1' });
    const [plain, plainHistory] = acceptArgs(connection.id);
    const results = await Promise.all([
      store.acceptEvent(event, history, { headers }),
      store.acceptEvent(again, againHistory, { headers }),
      store.acceptEvent(plain, plainHistory),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['accepted', 'duplicate', 'accepted'],
    );
    const job = await store.forward.getJob(event.id);
    assert.deepEqual(
      { state: job?.state, attempts: job?.attempts, dueAt: job?.dueAt, headers: job?.headers },
      { state: 'pending', attempts: 0, dueAt: T0, headers },
    );
    assert.equal(await store.forward.getJob(again.id), null, 'a duplicate gets no job');
    assert.equal(await store.forward.getJob(plain.id), null, 'no forward asked, none stored');
    const [handed, handedHistory] = acceptArgs(connection.id);
    const firstLease = { token: 'lease-1', owner: 'w0', until: T0 + 60_000 };
    await store.acceptEvent(handed, handedHistory, { headers, lease: firstLease });
    const leasedJob = await store.forward.getJob(handed.id);
    assert.deepEqual(
      [leasedJob?.attempts, leasedJob?.dueAt],
      [1, T0 + 60_000],
      'first attempt leased in the commit',
    );
    const held = [{ id: handed.id, token: 'lease-1' }];
    assert.deepEqual(
      [...(await store.forward.renew(held, T0 + 90_000))],
      [handed.id],
      'the heartbeat extends a lease held by its token',
    );
    assert.equal((await store.forward.getJob(handed.id))?.dueAt, T0 + 90_000);
    assert.deepEqual(
      [...(await store.forward.renew([{ id: handed.id, token: 'taken-over' }], T0 + 99_000))],
      [],
      'a lease whose token changed is not renewed',
    );
    assert.equal(await store.forward.release('w0', T0 + 1, held), 1, 'the lease is held by its owner');
    const givenBack = await store.forward.getJob(handed.id);
    assert.deepEqual(
      [givenBack?.attempts, givenBack?.dueAt],
      [0, T0 + 1],
      'an unstarted lease gives its attempt back',
    );
    const summaries = await store.forward.summaries([event.id, plain.id]);
    assert.deepEqual([...summaries], [[event.id, { status: 'pending', attempts: 0, lastStatusCode: null }]]);

    const reopened = await factory.openAgain(store);
    t.after(() => reopened.close());
    const [leased] = await lease(reopened.forward, T0, 'w1');
    assert.equal(leased?.job.eventId, event.id, 'durable: the job is there after reopening');
    assert.deepEqual(leased?.settings, SETTINGS);
    assert.deepEqual(Buffer.from(leased?.body ?? []).toString(), '{"ok":true}');
  });

  test('leases never overlap, fence late completions, and expire; purge removes jobs with their events', async (t) => {
    const store = await fresh(t);
    const connection = connectionRecord({ forward: SETTINGS });
    await store.createConnection(connection, null);
    const ids: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      const [event, history] = acceptArgs(connection.id, { at: T0 + n });
      await store.acceptEvent(event, history, { headers: {} });
      ids.push(event.id);
    }
    // Two workers at once (PostgreSQL: SKIP LOCKED; a worker also skips the candidates the other one has
    // locked), then whatever is left: every job is leased exactly once.
    const [a, b] = await Promise.all([
      lease(store.forward, T0 + 10, 'a', 3),
      lease(store.forward, T0 + 10, 'b', 3),
    ]);
    const rest = await lease(store.forward, T0 + 10, 'b', 10);
    const taken = [...a, ...b, ...rest].map((l) => l.job.eventId);
    assert.equal(new Set(taken).size, taken.length, 'no job leased twice');
    assert.deepEqual([...taken].sort(), [...ids].sort());
    assert.deepEqual(await lease(store.forward, T0 + 10, 'c'), [], 'all leased');
    const released = b.length + rest.length;

    // The leases expire (all at the same instant): another worker takes one over — whichever the store
    // returns first among equal due times — and that job's first lease's completion is fenced off.
    const [takenOver] = await lease(store.forward, T0 + 10 + 60_000, 'c', 1);
    const first = [...a, ...b, ...rest].find((l) => l.job.eventId === takenOver?.job.eventId);
    assert.ok(first);
    assert.equal(first.job.attempts, 1);
    assert.equal(takenOver?.job.eventId, first.job.eventId);
    assert.equal(takenOver?.job.attempts, 2);
    const late = await store.forward.complete({
      eventId: first.job.eventId,
      leaseToken: first.leaseToken,
      now: T0 + 70_000,
      attempt: null,
      state: 'delivered',
      dueAt: null,
      lastStatus: 200,
      lastError: null,
    });
    assert.equal(late, 'lease_lost');
    const current = await store.forward.complete({
      eventId: first.job.eventId,
      leaseToken: takenOver?.leaseToken ?? '',
      now: T0 + 70_000,
      attempt: {
        id: 'att_1',
        eventId: first.job.eventId,
        connectionId: connection.id,
        attempt: 2,
        status: 'failed',
        statusCode: 503,
        durationMs: 12,
        responsePreview: 'busy\u0000',
        error: 'HTTP 503',
        createdAt: T0 + 70_000,
      },
      state: 'dead',
      dueAt: null,
      lastStatus: 503,
      lastError: 'HTTP 503',
    });
    assert.equal(current, 'applied');
    const page = await store.forward.listAttempts(first.job.eventId, { limit: 10 });
    assert.equal(page.items[0]?.responsePreview, 'busy\ufffd');
    assert.equal(
      await store.forward.redeliverMany({ connectionId: connection.id, status: 'failed' }, T0 + 80_000),
      1,
    );
    const requeued = await store.forward.getJob(first.job.eventId);
    assert.deepEqual([requeued?.state, requeued?.scheduleBase, requeued?.dueAt], ['pending', 2, T0 + 80_000]);

    const ownedByB = released - ([...b, ...rest].includes(first) ? 1 : 0);
    assert.equal(
      await store.forward.release('b', T0 + 90_000),
      ownedByB,
      'a graceful stop gives its leases back',
    );
    const purged = await store.purge(T0 + 100, 0);
    assert.equal(purged.events, 6);
    assert.equal(await store.forward.getJob(ids[1] ?? ''), null, 'jobs go with their events');
    assert.deepEqual((await store.forward.listAttempts(first.job.eventId, { limit: 10 })).items, []);
  });
});
