// Forward latency: a real `hookgate start` process (embedded SQLite in a temp dir, or with
// BENCH_DATABASE_URL a fresh PostgreSQL database, created and dropped here) with one shared_secret
// connection forwarding to a sink in its own process (bench/forward-sink.ts). Events are sent at BENCH_RATE per second (200) for
// BENCH_SECONDS (10); per event, the time from the 202 reaching the sender to the forward reaching the sink.
// Prints p50 / p90 / p99 / max, and checks every accepted event arrived (duplicates counted). Also the
// gateway process's CPU time per event over the run (Linux /proc), which a loaded machine inflates less
// than latency.
// BENCH_SINK_DELAY_MS (default 0): the backend answers that much after a forward arrived (a backend doing
// real work); at 200/s a connection reaches its in-flight limit (64) once that is about 320 ms or more.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SINK_DELAY_MS = Number(process.env.BENCH_SINK_DELAY_MS ?? 0);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const adminUrl = process.env.BENCH_DATABASE_URL;
const database = `hookgate_bench_forward_${process.pid}`;
const now = (): number => performance.timeOrigin + performance.now();

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/** The backend, in its own process: notes when each event (webhook-id) arrived. */
const sinkProcess: ChildProcess = spawn(
  process.execPath,
  [...process.execArgv, new URL('./forward-sink.ts', import.meta.url).pathname],
  { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
);
const sinkUrl = await new Promise<string>((resolve) => {
  sinkProcess.stdout?.once('data', (chunk: Buffer) =>
    resolve((JSON.parse(chunk.toString('utf8')) as { url: string }).url),
  );
});
/** The sink's arrivals so far. */
function sinkReport(): Promise<{ arrivals: Map<string, number>; duplicates: number }> {
  return new Promise((resolve) => {
    sinkProcess.once('message', (message) => {
      const report = message as { arrivals: [string, number][]; duplicates: number };
      resolve({ arrivals: new Map(report.arrivals), duplicates: report.duplicates });
    });
    sinkProcess.send('report');
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-bench-forward-'));
if (adminUrl) await onServer(`create database ${database}`);
const databaseUrl = adminUrl ? Object.assign(new URL(adminUrl), { pathname: `/${database}` }).href : '';
const child: ChildProcess = spawn(
  process.execPath,
  [...process.execArgv, new URL('../src/cli/main.ts', import.meta.url).pathname, 'start'],
  {
    env: {
      PATH: process.env.PATH ?? '',
      HOOKGATE_PORT: '0',
      HOOKGATE_HOST: '127.0.0.1',
      HOOKGATE_DATA_DIR: dataDir,
      HOOKGATE_ADMIN_TOKEN: TOKEN,
      HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true',
      HOOKGATE_LOG_LEVEL: 'info',
      ...(adminUrl && {
        HOOKGATE_DATABASE_URL: databaseUrl,
        HOOKGATE_MASTER_KEY: randomBytes(32).toString('base64'),
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const gatewayUrl = await new Promise<string>((resolve, reject) => {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const match = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
    if (match?.[1]) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
});

const created = (await (
  await fetch(`${gatewayUrl}/api/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'bench forward',
      auth: { mode: 'shared_secret' },
      forward: { url: sinkUrl },
    }),
  })
).json()) as { connection: { id: string }; secret: string };
const inbound = `${gatewayUrl}/webhooks/in/${created.connection.id}`;

/** Sends one event; notes when its 202 arrived. */
const accepted = new Map<string, number>();
const answerTimes: number[] = [];
let refused = 0;
async function sendOne(n: number): Promise<void> {
  const sent = now();
  const response = await fetch(inbound, {
    method: 'POST',
    headers: { 'x-webhook-secret': created.secret, 'content-type': 'application/json' },
    body: JSON.stringify({ n, type: 'bench.event', data: { amount: 42, currency: 'eur' } }),
  });
  const at = now();
  answerTimes.push(at - sent);
  if (response.status !== 202) {
    refused += 1;
    return;
  }
  accepted.set(((await response.json()) as { id: string }).id, at);
}

// Warm-up (connection pools, JIT), not measured.
for (let n = 0; n < 50; n += 1) await sendOne(-1);
await new Promise((resolve) => setTimeout(resolve, 1000));
accepted.clear();
sinkProcess.send('reset');
answerTimes.length = 0;

/** The gateway process's user + system CPU time in ms (Linux), or NaN. */
function gatewayCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const total = RATE * SECONDS;
const cpuBefore = gatewayCpuMs();
const started = now();
const sends: Promise<void>[] = [];
for (let n = 0; n < total; n += 1) {
  const due = started + (n * 1000) / RATE;
  const wait = due - now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  sends.push(sendOne(n));
}
await Promise.all(sends);
const deadline = now() + 30_000;
let report = await sinkReport();
while (now() < deadline && [...accepted.keys()].some((id) => !report.arrivals.has(id))) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  report = await sinkReport();
}
const { arrivals, duplicates } = report;
const cpuPerEvent = (gatewayCpuMs() - cpuBefore) / total;

const delays = [...accepted].map(([id, at]) => (arrivals.get(id) ?? Number.NaN) - at);
const missing = delays.filter(Number.isNaN).length;
const sorted = delays.filter((d) => !Number.isNaN(d)).sort((a, b) => a - b);
const answers = answerTimes.sort((a, b) => a - b);
const at = (values: readonly number[], p: number): string =>
  (values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0).toFixed(1);
const pct = (p: number): string => at(sorted, p);
const store = `${adminUrl ? 'PostgreSQL' : 'embedded SQLite'}${SINK_DELAY_MS > 0 ? `, backend answers after ${SINK_DELAY_MS} ms` : ''}`;
process.stdout.write(
  `forward latency, ${store}, ${RATE} events/s for ${SECONDS} s (202 at the sender → received at the sink)\n` +
    `| events | p50 ms | p90 ms | p99 ms | max ms | missing | duplicates | refused | 202 p50 / p99 ms | gateway CPU ms/event |\n` +
    `|---|---|---|---|---|---|---|---|---|---|\n` +
    `| ${accepted.size} | ${pct(50)} | ${pct(90)} | ${pct(99)} | ${(sorted.at(-1) ?? 0).toFixed(1)} | ${missing} | ${duplicates} | ${refused} | ${at(answers, 50)} / ${at(answers, 99)} | ${cpuPerEvent.toFixed(2)} |\n`,
);

child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
sinkProcess.kill();
if (adminUrl) await onServer(`drop database ${database}`);
rmSync(dataDir, { recursive: true, force: true });
process.exit(missing === 0 ? 0 : 1);
