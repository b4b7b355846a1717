// npm run bench: inbound load against (a) a bare node:http server, (b) hookgate hmac, (c) hookgate
// shared_secret, 1 KB JSON body, loopback only; then (b) with more concurrency and at a fixed 1k req/s
// for p99. Each target is warmed up first. Prints one table. Not a test: nothing is asserted.
// BENCH_SECONDS (10), BENCH_CONNECTIONS (50); BENCH_DATABASE_URL=postgres://… runs hookgate on a fresh
// PostgreSQL database instead of embedded SQLite.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type LoadResult, runLoad } from './run-load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = 2;
const body = JSON.stringify({ type: 'order.updated', data: { id: 42, note: 'x'.repeat(960) } }).slice(
  0,
  1024,
);

interface Scenario {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly connections?: number;
  readonly rate?: number;
}

async function startChild(script: string): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = spawn(process.execPath, [...process.execArgv, new URL(script, import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, info: JSON.parse(line) as Record<string, unknown> };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function measure(
  scenario: Scenario,
  warmup: boolean,
): Promise<{ scenario: string; result: LoadResult }> {
  const load = {
    url: scenario.url,
    headers: scenario.headers,
    body,
    connections: scenario.connections ?? CONNECTIONS,
  };
  if (warmup) await runLoad({ ...load, seconds: WARMUP_SECONDS });
  const result = await runLoad({
    ...load,
    seconds: SECONDS,
    ...(scenario.rate !== undefined && { rate: scenario.rate }),
  });
  return { scenario: scenario.name, result };
}

const json = { 'content-type': 'application/json' };
const rows: { scenario: string; result: LoadResult }[] = [];

const bare = await startChild('./bare-server.ts');
rows.push(await measure({ name: '(a) bare node:http 202', url: `${bare.info.url}/`, headers: json }, true));
await stop(bare.child);

const gateway = await startChild('./gateway-server.ts');
const { url, hmac, shared } = gateway.info as {
  url: string;
  hmac: { id: string; secret: string };
  shared: { id: string; secret: string };
};
const hmacTarget = {
  url: `${url}/webhooks/in/${hmac.id}`,
  headers: { ...json, 'x-signature': createHmac('sha256', hmac.secret).update(body).digest('hex') },
};
const sharedTarget = {
  url: `${url}/webhooks/in/${shared.id}`,
  headers: { ...json, 'x-webhook-secret': shared.secret },
};
rows.push(await measure({ name: '(b) hookgate hmac', ...hmacTarget }, true));
rows.push(await measure({ name: '(c) hookgate shared_secret', ...sharedTarget }, true));
rows.push(await measure({ name: '(b) hmac, 200 connections', ...hmacTarget, connections: 200 }, false));
rows.push(await measure({ name: '(b) hmac at 1k req/s', ...hmacTarget, connections: 20, rate: 1000 }, false));
await stop(gateway.child);

const [a, b, c, , fixedRate] = rows.map((row) => row.result);
const percent = (x: number, of: number) => `${((x / of) * 100).toFixed(0)} %`;
const storeName = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded SQLite';
console.log(
  `\nInbound benchmark: ${SECONDS}s per run, ${CONNECTIONS} connections, ${Buffer.byteLength(body)} B JSON body, ` +
    `hookgate on ${storeName} (durable commit before the 202)\n`,
);
console.table(
  rows.map(({ scenario, result }) => ({
    scenario,
    'req/s': Math.round(result.requestsPerSecond),
    'p50 ms': result.p50,
    'p99 ms': result.p99,
    'vs (a)': percent(result.requestsPerSecond, a?.requestsPerSecond ?? 1),
    'non-2xx': result.non2xx,
    errors: result.errors,
  })),
);
if (a && b && c && fixedRate) {
  console.log(
    `goals: (b) >= 50 % of (a): ${percent(b.requestsPerSecond, a.requestsPerSecond)}; ` +
      `(c) >= 80 % of (b): ${percent(c.requestsPerSecond, b.requestsPerSecond)}; ` +
      `p99 at 1k req/s <= 20 ms: ${fixedRate.p99} ms`,
  );
}
