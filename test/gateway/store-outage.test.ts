import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sseEvents } from '../../src/cli/api-client.ts';
import { createStore } from '../../src/store/index.ts';
import { startGatewayProcess } from '../helpers/gateway-process.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';
import { ADMIN_TOKEN } from '../helpers/test-gateway.ts';
import { pgTestStoreFactory } from '../store/pg-test-helper.ts';

const factory = await pgTestStoreFactory();
after(() => factory.dispose());

/** One inbound request's answer: its status and event id, or the network error when there was none. */
interface Answer {
  readonly status: number | 'network error';
  readonly eventId?: string;
  /** `performance.now()` when the answer arrived. */
  readonly at: number;
}

/** Senders POSTing to `url` in a loop, each waiting for its answer before the next request. */
function startLoad(url: string, secret: string, senders: number) {
  const answers: Answer[] = [];
  let running = true;
  let sequence = 0;
  const send = async (): Promise<void> => {
    while (running) {
      sequence += 1;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'x-webhook-secret': secret, 'content-type': 'application/json' },
          body: JSON.stringify({ sequence }),
        });
        const body = (await response.json()) as { id?: string };
        answers.push({
          status: response.status,
          at: performance.now(),
          ...(body.id && { eventId: body.id }),
        });
      } catch {
        // A gateway that died refuses at once: one such answer per sender is proof enough.
        answers.push({ status: 'network error', at: performance.now() });
        return;
      }
    }
  };
  const loops = Array.from({ length: senders }, send);
  return {
    answers,
    count: (status: Answer['status'], since = 0) =>
      answers.filter((answer) => answer.status === status && answer.at >= since).length,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe('store outage [postgres]', { skip: factory.skip ?? false }, () => {
  test('cut from PostgreSQL under load, the gateway answers 503, keeps running and recovers by itself', async (t) => {
    // A migrated schema, reached only through a proxy the test can cut.
    const options = await factory.freshOptions();
    const setup = createStore(options);
    await setup.migrate();
    await setup.close();
    const direct = new URL(options.databaseUrl ?? '');
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    t.after(() => proxy.close());
    const viaProxy = new URL(direct);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.searchParams.set('options', `-c search_path=${options.schema}`);
    const gateway = await startGatewayProcess({ HOOKGATE_DATABASE_URL: viaProxy.toString() });
    t.after(() => gateway.stop());

    const created = await gateway.api('POST', '/api/v1/connections', {
      name: 'outage',
      auth: { mode: 'shared_secret' },
    });
    assert.equal(created.status, 201);
    const { connection, secret } = created.json() as { connection: { id: string }; secret: string };

    // The live tail, open across the outage.
    const tail = new AbortController();
    t.after(() => tail.abort());
    const stream = await fetch(`${gateway.url}/api/v1/history/stream?connectionId=${connection.id}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      signal: tail.signal,
    });
    assert.equal(stream.status, 200);
    const tailed = new Set<string>();
    const reading = (async () => {
      for await (const event of sseEvents(stream.body!)) {
        const row = JSON.parse(event.data) as { eventId: string | null };
        if (row.eventId !== null) tailed.add(row.eventId);
      }
    })().catch(() => undefined);

    const load = startLoad(`${gateway.url}/webhooks/in/${connection.id}`, secret, 6);
    t.after(() => load.stop());
    await pollUntil(
      () => load.count(202),
      (n) => n >= 50,
    );

    // The outage: every connection to PostgreSQL reset, every new one refused.
    proxy.cut();
    const cutAt = performance.now();
    const refused = await pollUntil(
      () => load.count(503, cutAt),
      (n) => n >= 100,
    );
    assert.equal(gateway.exited(), null, `the gateway died:\n${gateway.stderr().slice(0, 2000)}`);
    assert.ok(refused >= 100, `inbound answers 503 during the outage (saw ${refused})`);
    const ready = await fetch(`${gateway.url}/readyz`);
    assert.equal(ready.status, 503, '/readyz reports the store unreachable');
    const admin = await gateway.api('GET', '/api/v1/connections');
    assert.equal(admin.status, 503);
    assert.deepEqual(admin.json(), {
      error: 'SERVICE_UNAVAILABLE',
      message: 'SERVICE_UNAVAILABLE: The store is unreachable; retry later',
    });

    // The store is back: the same process accepts again, within 10 s.
    proxy.restore();
    const restoredAt = performance.now();
    const firstAccepted = await pollUntil(
      () => load.answers.find((answer) => answer.status === 202 && answer.at > restoredAt),
      (answer) => answer !== undefined,
      { attempts: 200, intervalMs: 50 },
    );
    assert.ok(firstAccepted, 'a 202 arrives within 10 s of the store coming back');
    t.diagnostic(`recovery: first 202 ${Math.round(firstAccepted.at - restoredAt)} ms after the restore`);
    await pollUntil(
      () => load.count(202, restoredAt),
      (n) => n >= 50,
    );
    await load.stop();

    // Only 202 or 503 (never a 500, never a dropped connection), and the process never died.
    const statuses = new Set(load.answers.map((answer) => answer.status));
    assert.deepEqual([...statuses].sort(), [202, 503]);
    assert.equal(gateway.exited(), null);
    assert.doesNotMatch(gateway.stderr(), /Emitted 'error' event|Unhandled|ECONNRESET/);
    assert.equal((await fetch(`${gateway.url}/readyz`)).status, 200);

    // Every acknowledged event is stored with its ACCEPTED history row.
    const acknowledged = load.answers.flatMap((answer) => (answer.status === 202 ? [answer.eventId] : []));
    const historyByEvent = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const query: string = `connectionId=${connection.id}&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await gateway.api('GET', `/api/v1/history?${query}`);
      assert.equal(page.status, 200);
      const body = page.json() as {
        items: Array<{ eventId: string | null; outcome: string }>;
        nextCursor: string | null;
      };
      for (const row of body.items) if (row.eventId !== null) historyByEvent.set(row.eventId, row.outcome);
      cursor = body.nextCursor;
    } while (cursor !== null);
    for (const eventId of acknowledged) {
      assert.equal(historyByEvent.get(eventId ?? ''), 'ACCEPTED', `history row of ${eventId}`);
      assert.equal((await gateway.api('GET', `/api/v1/events/${eventId}`)).status, 200, `event ${eventId}`);
    }

    // The live tail survived the outage: it shows the events accepted after it.
    const afterOutage = load.answers.filter((answer) => answer.status === 202 && answer.at > restoredAt);
    const shown = await pollUntil(
      () => afterOutage.filter((answer) => tailed.has(answer.eventId ?? '')).length,
      (n) => n === afterOutage.length,
    );
    assert.equal(shown, afterOutage.length, 'the live tail streams the rows accepted after the outage');

    // The outage is logged once when it starts and once when it ends, not once per request or retry.
    const messages = gateway.logs.map((entry) => entry.msg);
    assert.equal(messages.filter((msg) => msg.startsWith('store unreachable')).length, 1);
    assert.equal(messages.filter((msg) => msg === 'store reachable again').length, 1);
    // At warning level: the store's outage, and the cluster channel's own connection lost with it, once each.
    const warnings = gateway.logs.filter((entry) => entry.level >= 40).map((entry) => entry.msg);
    assert.deepEqual(warnings.sort(), [
      'cluster channel lost; caches and workers fall back to polling',
      messages.find((msg) => msg.startsWith('store unreachable')),
    ]);
    tail.abort();
    await reading;
  });
});
