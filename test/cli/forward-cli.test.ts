import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { timeArg } from '../../src/cli/time-arg.ts';
import { startSink } from '../delivery/helpers/sink.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();

test('CLI forwarding: create --forward-to, update --no-forward / --forward-to, events attempts|redeliver, connections redeliver', async (t) => {
  t.after(() => factory.dispose());
  let answer = 500;
  const sink = await startSink(() => ({ status: answer }));
  t.after(() => sink.close());
  const gw = await testGateway(await factory.fresh(t), {
    workers: true,
    startAt: Date.now(),
    env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true', HOOKGATE_RETRY_SCHEDULE: '0' },
  });
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const ok = async (...args: string[]) => {
    const run = await runCli(url, ...args);
    assert.equal(run.exitCode, 0, `${args.join(' ')}: ${run.err}`);
    return run;
  };

  const created = await ok(
    'connections',
    'create',
    '--name',
    'fwd',
    '--mode',
    'shared_secret',
    '--forward-to',
    sink.url,
  );
  const id = /Created (con_\w+)/.exec(created.out)?.[1];
  const secret = /Secret \(shown once, store it now\): (\S+)/.exec(created.out)?.[1];
  const forwardSecret = /Forward secret \(shown once[^)]*\): (whsec_\S+)/.exec(created.out)?.[1];
  assert.ok(id && secret && forwardSecret, created.out);
  assert.match(created.out, new RegExp(`Forwarding to: ${sink.url}`));

  const inbound = await fetch(`${url}/webhooks/in/${id}`, {
    method: 'POST',
    headers: { 'x-webhook-secret': secret, 'content-type': 'application/json' },
    body: '{"cli":true}',
  });
  const { id: eventId } = (await inbound.json()) as { id: string };
  const attempts = await pollUntil(
    () => ok('events', 'attempts', eventId),
    (run) => run.out.includes('failed'),
  );
  assert.match(attempts.out, /1\s+failed\s+500/);
  assert.match((await ok('history', '--connection', id)).out, /dead \(1\)/);

  answer = 200;
  assert.match((await ok('events', 'redeliver', eventId)).out, /Redelivery of evt_\w+ queued/);
  await pollUntil(
    () => sink.requests.filter((r) => r.headers['webhook-id'] === eventId).length,
    (n) => n === 2,
  );
  const last = sink.requests.at(-1);
  assert.ok(last);
  new Webhook(forwardSecret).verify(last.body, last.headers as Record<string, string>);
  await pollUntil(
    () => ok('history', '--connection', id),
    (run) => run.out.includes('delivered (2)'),
  );

  const bulk = await ok('connections', 'redeliver', id, '--since', '1h', '--status', 'all');
  assert.match(bulk.out, /Queued 1 event\(s\) for redelivery/);
  const bad = await runCli(url, 'connections', 'redeliver', id, '--since', 'yesterday-ish');
  assert.equal(bad.exitCode, 1);

  assert.match((await ok('connections', 'update', id, '--no-forward')).out, /Not forwarding/);
  const refused = await runCli(url, 'events', 'redeliver', eventId);
  assert.equal(refused.exitCode, 1);
  assert.match(refused.err, /FORWARDING_DISABLED/);
  const again = await ok('connections', 'update', id, '--forward-to', sink.url);
  assert.match(again.out, /Forward secret \(shown once/, 'turning forwarding on again makes a new secret');
});

test('timeArg: ISO times as given, durations before now, anything else refused', () => {
  const now = Date.UTC(2026, 0, 15, 12);
  assert.equal(timeArg('2h', now), '2026-01-15T10:00:00.000Z');
  assert.equal(timeArg('30m', now), '2026-01-15T11:30:00.000Z');
  assert.equal(timeArg('7d', now), '2026-01-08T12:00:00.000Z');
  assert.equal(timeArg('2026-01-01T00:00:00Z', now), '2026-01-01T00:00:00.000Z');
  assert.equal(timeArg('soon', now), null);
});
