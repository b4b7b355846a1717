import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createApiClient } from '../../src/cli/api-client.ts';
import { parseSince } from '../../src/cli/listen/listen-command.ts';
import { type ListenReport, runListen } from '../../src/cli/listen/listen-loop.ts';
import { checkpointFor, localSecret, stateFolder } from '../../src/cli/listen/listen-state.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { systemClock } from '../../src/core/clock.ts';
import { type SinkAnswer, type SinkRequest, startSink } from '../delivery/helpers/sink.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { ADMIN_TOKEN, createConnection, testGateway } from '../helpers/test-gateway.ts';

/** A temporary state folder, removed after the test. */
function tempFolder(t: { after(fn: () => Promise<void>): void }): string {
  const folder = mkdtempSync(join(tmpdir(), 'hookgate-listen-'));
  t.after(async () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The reports of one type. */
function reportsOf<T extends ListenReport['type']>(
  reports: readonly ListenReport[],
  type: T,
): Extract<ListenReport, { type: T }>[] {
  return reports.filter((report): report is Extract<ListenReport, { type: T }> => report.type === type);
}

/** Waits for `count` requests at the sink (listen works in the background). */
function requestsAt(sink: { requests: SinkRequest[] }, count: number): Promise<SinkRequest[]> {
  return pollUntil(
    () => sink.requests,
    (requests) => requests.length >= count,
  );
}

await forEachStore('hookgate listen', (fresh) => {
  async function setup(
    t: Parameters<typeof fresh>[0],
    answer?: (request: SinkRequest, index: number) => SinkAnswer,
  ) {
    const gw = await testGateway(await fresh(t));
    const connection = await createConnection(gw, { mode: 'shared_secret' }, { name: 'Shop orders' });
    const base = await gw.app.listen({ port: 0, host: '127.0.0.1' });
    t.after(() => gw.app.close());
    const sink = await startSink(answer);
    t.after(() => sink.close());
    const folder = tempFolder(t);
    const { secret } = localSecret(folder, undefined);
    const accept = async (body: string): Promise<string> => {
      const response = await fetch(`${base}${connection.path}`, {
        method: 'POST',
        headers: {
          'x-webhook-secret': connection.secret ?? '',
          'content-type': 'application/json',
          'user-agent': 'Shop/1.0',
        },
        body,
      });
      assert.equal(response.status, 202);
      return ((await response.json()) as { id: string }).id;
    };
    /** Starts `listen` in the background; `stop()` is Ctrl-C. */
    const listen = (options: { since?: number; forwardTo?: string } = {}) => {
      const controller = new AbortController();
      const reports: ListenReport[] = [];
      const client = createApiClient({ HOOKGATE_URL: base, HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN }, {}, fetch);
      const running = runListen(
        {
          forwardTo: options.forwardTo ?? sink.url,
          connectionIds: [connection.id],
          since: options.since,
          secret,
        },
        {
          client,
          fetch,
          clock: systemClock,
          sleep: (ms, signal) => new Promise((resolve) => setTimeout(resolve, signal.aborted ? 0 : ms / 100)),
          checkpoint: checkpointFor(folder, base, [connection.id]),
          connectionName: async () => 'Shop orders',
          report: (report) => reports.push(report),
          signal: controller.signal,
        },
      );
      return {
        reports,
        ready: () => pollUntil(() => reports.some((report) => report.type === 'ready'), Boolean),
        async stop() {
          controller.abort();
          await running;
        },
      };
    };
    return { gw, connection, base, sink, folder, secret, accept, listen };
  }

  test('five events reach the local app in order, exact bytes, signed (standardwebhooks verifies them)', async (t) => {
    const s = await setup(t);
    const run = s.listen();
    t.after(() => run.stop());
    await run.ready();
    const bodies = [1, 2, 3, 4, 5].map((n) => `{"order": ${n},\n "total":"9.99"}`);
    const ids: string[] = [];
    for (const body of bodies) ids.push(await s.accept(body));
    const received = await requestsAt(s.sink, 5);
    assert.deepEqual(
      received.map((request) => request.headers['x-hookgate-event-id']),
      ids,
    );
    const webhook = new Webhook(s.secret);
    for (const [index, request] of received.entries()) {
      assert.equal(request.body, bodies[index]);
      assert.equal(request.method, 'POST');
      assert.doesNotThrow(() => webhook.verify(request.body, request.headers as Record<string, string>));
      assert.equal(request.headers['webhook-id'], ids[index]);
      assert.equal(request.headers['x-hookgate-connection-id'], s.connection.id);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['user-agent'], 'Shop/1.0', 'headers the event shows are passed on');
      assert.equal(request.headers['x-webhook-secret'], undefined, 'the credential header is never sent');
    }
    const other = new Webhook(localSecret(tempFolder(t), undefined).secret);
    assert.throws(() =>
      other.verify(received[0]?.body ?? '', received[0]?.headers as Record<string, string>),
    );
    const lines = await pollUntil(
      () => reportsOf(run.reports, 'forwarded'),
      (forwarded) => forwarded.length >= 5,
    );
    assert.deepEqual(
      lines.map((line) => [line.eventId, line.status, line.connectionName]),
      ids.map((id) => [id, 200, 'Shop orders']),
    );
  });

  test('stopped, five more accepted, started again: exactly those five arrive, in order', async (t) => {
    const s = await setup(t);
    const first = s.listen();
    await first.ready();
    for (let n = 1; n <= 5; n += 1) await s.accept(`{"n":${n}}`);
    // Stopped once the app's answer to the fifth was read: stopped earlier, the fifth would come again.
    await pollUntil(
      () => reportsOf(first.reports, 'forwarded').length,
      (count) => count >= 5,
    );
    await first.stop();
    const missed: string[] = [];
    for (let n = 6; n <= 10; n += 1) missed.push(await s.accept(`{"n":${n}}`));
    const second = s.listen();
    t.after(() => second.stop());
    const received = await requestsAt(s.sink, 10);
    assert.deepEqual(
      received.slice(5).map((request) => request.headers['x-hookgate-event-id']),
      missed,
    );
    assert.ok(second.reports.some((report) => report.type === 'ready' && report.resumedAfter !== null));
    assert.ok(
      [...s.sink.processed.values()].every((count) => count === 1),
      'no event twice',
    );
    assert.equal(s.sink.requests.length, 10);
  });

  test('a local app that fails or is unreachable gets the same event again until it takes it', async (t) => {
    const answers: SinkAnswer[] = [{ status: 503 }, 'destroy', { status: 404 }];
    const s = await setup(t, (_request, index) => answers[index] ?? { status: 204 });
    const run = s.listen();
    t.after(() => run.stop());
    await run.ready();
    const first = await s.accept('{"first":true}');
    const second = await s.accept('{"second":true}');
    const received = await requestsAt(s.sink, 5);
    assert.deepEqual(
      received.map((request) => request.headers['x-hookgate-event-id']),
      [first, first, first, first, second],
    );
    const stamps = received.slice(0, 4).map((request) => request.headers['webhook-timestamp']);
    assert.ok(stamps.every(Boolean), 'every attempt is signed');
    const retries = reportsOf(run.reports, 'retrying');
    assert.deepEqual(
      retries.map((report) => report.eventId),
      [first, first, first],
    );
    const failed = reportsOf(run.reports, 'failed');
    assert.deepEqual(
      failed.map((report) => report.status),
      [503, null, 404],
    );
  });

  test('a remembered event that is no longer stored: 410, said so, then new events are forwarded', async (t) => {
    const s = await setup(t);
    const expired = await fetch(`${s.base}/api/v1/events/stream?after=evt_purged`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(expired.status, 410);
    checkpointFor(s.folder, s.base, [s.connection.id]).save('evt_purged');
    const run = s.listen();
    t.after(() => run.stop());
    await run.ready();
    assert.deepEqual(
      run.reports.find((report) => report.type === 'cursor_expired'),
      { type: 'cursor_expired', eventId: 'evt_purged' },
    );
    const id = await s.accept('{"after":"expiry"}');
    const [request] = await requestsAt(s.sink, 1);
    assert.equal(request?.headers['x-hookgate-event-id'], id);
  });

  test('--since forwards events received since then that were never handed over', async (t) => {
    const s = await setup(t);
    const earlier = await s.accept('{"earlier":true}');
    const run = s.listen({ since: 0 });
    t.after(() => run.stop());
    const [request] = await requestsAt(s.sink, 1);
    assert.equal(request?.headers['x-hookgate-event-id'], earlier);
  });
});

test('the local secret is generated once, kept private, and --secret replaces it', (t) => {
  const folder = tempFolder(t);
  const first = localSecret(folder, undefined);
  assert.match(first.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(first.created, true);
  assert.deepEqual(localSecret(folder, undefined), { secret: first.secret, created: false });
  assert.equal(statSync(join(folder, 'listen-secret')).mode & 0o777, 0o600);
  const given = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  assert.equal(localSecret(folder, given).secret, given);
  assert.equal(localSecret(folder, undefined).secret, given);
  assert.throws(() => localSecret(folder, 'not-a-secret'), /--secret must be whsec_/);
});

test('state lives under XDG_STATE_HOME, else ~/.local/state; checkpoints are per gateway and filter', (t) => {
  assert.equal(stateFolder({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' }), '/x/state/hookgate');
  assert.equal(stateFolder({ HOME: '/home/u' }), '/home/u/.local/state/hookgate');
  const folder = tempFolder(t);
  const ab = checkpointFor(folder, 'http://gw', ['con_a', 'con_b']);
  ab.save('evt_1');
  assert.equal(checkpointFor(folder, 'http://gw', ['con_b', 'con_a']).load(), 'evt_1');
  assert.equal(checkpointFor(folder, 'http://gw', ['con_a']).load(), null);
  assert.equal(checkpointFor(folder, 'http://other', ['con_a', 'con_b']).load(), null);
  ab.clear();
  assert.equal(ab.load(), null);
});

test('--since takes an ISO time or a duration back from now', () => {
  const now = Date.UTC(2026, 0, 15, 12);
  assert.equal(parseSince('30m', now), now - 30 * 60_000);
  assert.equal(parseSince('2h', now), now - 2 * 3_600_000);
  assert.equal(parseSince('2026-01-15T10:00:00Z', now), Date.UTC(2026, 0, 15, 10));
  assert.throws(() => parseSince('yesterday', now), /--since yesterday/);
});

test('listen refuses bad flags with a message and exit code 1, before touching the state folder', async (t) => {
  const folder = tempFolder(t);
  const run = async (...args: string[]) => {
    const err: string[] = [];
    let exitCode = 0;
    const program = buildProgram({
      env: { HOOKGATE_URL: 'http://127.0.0.1:9', XDG_STATE_HOME: folder },
      output: { out: () => {}, err: (text) => err.push(text) },
      fetch,
      setExitCode: (code) => {
        exitCode = code;
      },
    });
    program.exitOverride();
    await program.parseAsync(['node', 'hookgate', 'listen', ...args]);
    return { err: err.join('\n'), exitCode };
  };
  const since = await run('--forward-to', 'http://127.0.0.1:3000/hooks', '--since', 'last week');
  assert.equal(since.exitCode, 1);
  assert.match(since.err, /--since last week: use an ISO time or a duration/);
  const url = await run('--forward-to', 'localhost 3000');
  assert.equal(url.exitCode, 1);
  assert.match(url.err, /--forward-to localhost 3000 is not a URL/);
  assert.throws(() => statSync(join(folder, 'hookgate')), /ENOENT/);
  const secret = await run('--forward-to', 'http://127.0.0.1:3000/hooks', '--secret', 'whsec_short');
  assert.equal(secret.exitCode, 1);
  assert.match(secret.err, /--secret must be whsec_/);
});
