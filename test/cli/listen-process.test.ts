import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import pgModule from 'pg';
import { Webhook } from 'standardwebhooks';
import { type Sink, type SinkRequest, startSink } from '../delivery/helpers/sink.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { type SpawnedGateway, spawnGateway } from '../helpers/spawn-gateway.ts';
import { ADMIN_TOKEN } from '../helpers/test-gateway.ts';
import { pgTestStoreFactory, TEST_DATABASE_URL } from '../store/pg-test-helper.ts';

const { Client } = pgModule;

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const NODE_FLAGS = [
  '--experimental-strip-types',
  '--experimental-sqlite',
  '--disable-warning=ExperimentalWarning',
];

/** Waits for background work of other processes: up to 60 s in 50 ms steps. */
const PROCESS_WAIT = { attempts: 1200, intervalMs: 50 };

/** A `hookgate` process and the lines it printed so far. */
interface Running {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  /** The first printed JSON object (one per line) that `match` accepts. */
  waitFor(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** Runs `hookgate <args>` (here: `listen`) as a real process with `env`. */
function hookgate(args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [...NODE_FLAGS, CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const parsed = (): Record<string, unknown>[] =>
    lines.flatMap((line) => {
      try {
        const value = JSON.parse(line) as unknown;
        return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  return {
    child,
    lines,
    exited,
    async waitFor(match) {
      const found = await pollUntil(
        () => parsed().find(match),
        (line) => line !== undefined,
        PROCESS_WAIT,
      );
      if (found === undefined) throw new Error(`no matching line; printed:\n${lines.join('\n')}`);
      return found;
    },
  };
}

/**
 * Starts the gateway on `port` (0 = any) with `storeEnv` (its data dir, or its PostgreSQL URL and master
 * key), the one way tests start gateway processes; resolves once it listens.
 */
function startGateway(storeEnv: Record<string, string>, port: number): Promise<SpawnedGateway> {
  return spawnGateway({
    ...storeEnv,
    HOOKGATE_PORT: String(port),
    HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN,
    HOOKGATE_LOG_LEVEL: 'info',
  });
}

/** Stops a process with `signal` and returns its exit code. */
async function stop(run: Running, signal: NodeJS.Signals): Promise<number | null> {
  run.child.kill(signal);
  return run.exited;
}

/** The event ids the sink received, in order, and only the successfully answered ones once. */
function eventIds(requests: readonly SinkRequest[]): string[] {
  return requests.map((request) => String(request.headers['x-hookgate-event-id']));
}

/**
 * The scenario, for a store given by the gateway's environment: five events arrive; listen stopped, five
 * more accepted, listen started → exactly those five; the gateway restarted → listen reconnects and the
 * next event arrives; the local app down, then up → the event is retried, not skipped.
 */
async function scenario(t: TestContext, storeEnv: (folder: string) => Promise<Record<string, string>>) {
  const folder = mkdtempSync(join(tmpdir(), 'hookgate-listen-e2e-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const store = await storeEnv(folder);
  let gateway = await startGateway(store, 0);
  t.after(() => gateway.kill());
  const port = Number(new URL(gateway.url).port);
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const created = await fetch(`${gateway.url}/api/v1/connections`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ name: 'Orders', auth: { mode: 'shared_secret' } }),
  });
  const { connection, secret } = (await created.json()) as { connection: { id: string }; secret: string };
  const accept = async (n: number): Promise<string> => {
    const response = await fetch(`${gateway.url}/webhooks/in/${connection.id}`, {
      method: 'POST',
      headers: { 'x-webhook-secret': secret, 'content-type': 'application/json' },
      body: `{"n":${n}}`,
    });
    assert.equal(response.status, 202);
    return ((await response.json()) as { id: string }).id;
  };

  let sink: Sink = await startSink();
  t.after(() => sink.close());
  const received: SinkRequest[] = [];
  const arrived = (count: number) =>
    pollUntil(
      () => received.length + sink.requests.length,
      (n) => n >= count,
      PROCESS_WAIT,
    );
  const listenEnv = {
    HOOKGATE_URL: gateway.url,
    HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN,
    XDG_STATE_HOME: join(folder, 'state'),
  };
  const listenArgs = ['listen', '--json', '--forward-to', sink.url, '--connection', connection.id];

  // Five events arrive, signed with the printed local secret.
  let listen = hookgate(listenArgs, listenEnv);
  t.after(() => {
    listen.child.kill('SIGKILL');
  });
  const local = String((await listen.waitFor((line) => line.type === 'secret')).secret);
  await listen.waitFor((line) => line.type === 'ready');
  const firstFive = [await accept(1), await accept(2), await accept(3), await accept(4), await accept(5)];
  await arrived(5);
  assert.deepEqual(eventIds(sink.requests), firstFive);
  const webhook = new Webhook(local);
  for (const request of sink.requests)
    webhook.verify(request.body, request.headers as Record<string, string>);

  // Stopped with Ctrl-C (exit 0) once the fifth was handed over; five more accepted; started again:
  // exactly those five, in order.
  await listen.waitFor((line) => line.type === 'forwarded' && line.eventId === firstFive[4]);
  assert.equal(await stop(listen, 'SIGINT'), 0);
  const nextFive = [await accept(6), await accept(7), await accept(8), await accept(9), await accept(10)];
  listen = hookgate(listenArgs, listenEnv);
  const again = await listen.waitFor((line) => line.type === 'secret');
  assert.equal(again.secret, local, 'the kept secret is reused');
  await arrived(10);
  assert.deepEqual(eventIds(sink.requests), [...firstFive, ...nextFive]);

  // The gateway restarts (same data, same port): listen says it reconnects, and the next event arrives.
  gateway.child.kill('SIGTERM');
  assert.equal((await gateway.exited).code, 0);
  await listen.waitFor((line) => line.type === 'reconnecting');
  gateway = await startGateway(store, port);
  const afterRestart = await accept(11);
  await arrived(11);
  assert.equal(eventIds(sink.requests).at(-1), afterRestart);

  // The local app goes down: the event is retried, not skipped; once it is back up the event arrives.
  received.push(...sink.requests);
  const sinkPort = sink.port;
  await sink.close();
  const duringOutage = await accept(12);
  await listen.waitFor((line) => line.type === 'retrying' && line.eventId === duringOutage);
  sink = await startSink(undefined, sinkPort);
  await arrived(12);
  assert.deepEqual(eventIds(sink.requests), [duringOutage]);

  assert.equal(new Set(eventIds([...received, ...sink.requests])).size, 12, 'no event forwarded twice');
  assert.equal(await stop(listen, 'SIGINT'), 0);
}

const STEPS = 'resumes after a stop, survives a gateway restart and a local app outage';

test(`hookgate listen as a real process [sqlite]: ${STEPS}`, (t) =>
  scenario(t, async (folder) => ({ HOOKGATE_DATA_DIR: join(folder, 'data') })));

const pg = await pgTestStoreFactory();

test(`hookgate listen as a real process [postgres]: ${STEPS}`, { skip: pg.skip ?? false }, (t) =>
  scenario(t, async () => {
    t.after(() => pg.dispose());
    const { schema } = await pg.freshOptions();
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return { HOOKGATE_DATABASE_URL: url.toString(), HOOKGATE_MASTER_KEY: randomBytes(32).toString('base64') };
  }),
);
