// npm run bench: inbound load, 1 KB JSON body, loopback only. Three servers side by side:
//   bare       a node:http server that reads the body and answers 202 (no durability: the ceiling of HTTP);
//   reference  a minimal durable gateway (bench/reference-server.ts: HMAC check, JSON.parse, one row per
//              event in group commits, durable before the 202) — the yardstick for hookgate;
//   hookgate   the real gateway (hmac and shared_secret connections).
// Each scenario runs in BENCH_ROUNDS rounds (the servers alternate within a round) and the table shows the
// median; ratios compare medians. With `taskset` and ≥ 2 cores, every server is pinned to the last core and
// the load generator (this process) to the others, so servers compete for the same CPU. Then CPU time per
// accepted event at a fixed rate (process CPU ÷ 2xx answers, all threads of the server process; on PostgreSQL
// the database server's own CPU is not in it, for either server).
// The CPU table also has the reference doing hookgate's storage work (its schema, event + history rows,
// search indexing: BENCH_REFERENCE_STORAGE=search of reference-server.ts): hookgate ÷ that row is the cost
// of hookgate's own code path; its req/s at 50 connections is measured after, alternating with hookgate's,
// and so is that of the reference claiming a new idempotency key per request in hookgate's key table (the
// keys level) alternating with hookgate given a new key per request. The layers one by one, by thread and with PostgreSQL's own CPU: npm run
// bench:cpu with BENCH_TARGETS=reference,reference:events,reference:history,reference:search,hookgate.
// BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_CPU_RATE (5000); BENCH_DATABASE_URL=postgres://… runs hookgate
// and the reference on fresh PostgreSQL databases instead of SQLite. Not a test: nothing is asserted.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { BENCH_BODY, NEW_IDEMPOTENCY_KEY } from './bench-events.ts';
import { describeFsyncTail, measureFsyncTail } from './fsync-tail.ts';
import { type LoadResult, runLoad } from './run-load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CPU_RATE = Number(process.env.BENCH_CPU_RATE ?? 5000);
const WARMUP_SECONDS = 2;
const body = BENCH_BODY;
const json = { 'content-type': 'application/json' };

/** Pins servers to the last core and the load generator to the others, when the machine allows it. */
const serverCore = pinning();

function pinning(): string | undefined {
  const cores = availableParallelism();
  if (cores < 2) return undefined;
  try {
    execFileSync('taskset', ['-pc', `0-${cores - 2}`, String(process.pid)], { stdio: 'ignore' });
    return String(cores - 1);
  } catch {
    return undefined;
  }
}

interface Child {
  readonly process: ChildProcess;
  readonly info: Record<string, unknown>;
}

/** Starts `bench/<script>` with `env` added to this process's environment. */
async function startChild(script: string, env: Record<string, string> = {}): Promise<Child> {
  const path = new URL(script, import.meta.url).pathname;
  const args = [...process.execArgv, path];
  const stdio: ['ignore', 'pipe', 'inherit'] = ['ignore', 'pipe', 'inherit'];
  const options = { stdio, env: { ...process.env, ...env } };
  const child =
    serverCore === undefined
      ? spawn(process.execPath, args, options)
      : spawn('taskset', ['-c', serverCore, process.execPath, ...args], options);
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return { process: child, info: JSON.parse(line) as Record<string, unknown> };
}

async function stop(child: Child): Promise<void> {
  child.process.kill('SIGTERM');
  await once(child.process, 'exit');
}

/** CPU seconds used so far by a process and all its threads (user + system, from /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5) (utime, stime), counted after the command name; clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The server process itself (under taskset, the pid is taskset's until it execs, which keeps the pid). */
const pidOf = (child: Child): number => child.process.pid ?? 0;

interface Target {
  readonly server: Child;
  readonly url: string;
  readonly headers: Record<string, string>;
}

interface Scenario {
  readonly name: string;
  readonly target: () => Target;
  readonly connections: number;
  readonly uniqueIds?: boolean;
  readonly rate?: number;
}

async function run(scenario: Scenario, seconds: number): Promise<LoadResult> {
  const { url, headers } = scenario.target();
  return runLoad({
    url,
    headers,
    body,
    seconds,
    connections: scenario.connections,
    ...(scenario.uniqueIds && { uniqueIds: true }),
    ...(scenario.rate !== undefined && { rate: scenario.rate }),
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const bare = await startChild('./bare-server.ts');
const reference = await startChild('./reference-server.ts');
const gateway = await startChild('./gateway-server.ts');
const { url, hmac, shared } = gateway.info as {
  url: string;
  hmac: { id: string; secret: string };
  shared: { id: string; secret: string };
};
const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');
const bareTarget = (): Target => ({ server: bare, url: `${String(bare.info.url)}/`, headers: json });
/** A reference server (`reference-server.ts`, at any storage level) as a target. */
const referenceAt = (server: Child): Target => ({
  server,
  url: `${String(server.info.url)}/`,
  headers: { ...json, 'x-signature': sign(String(server.info.secret)) },
});
const referenceTarget = (): Target => referenceAt(reference);
const hmacTarget = (): Target => ({
  server: gateway,
  url: `${url}/webhooks/in/${hmac.id}`,
  headers: { ...json, 'x-signature': sign(hmac.secret) },
});
const keyedTarget = (): Target => ({
  ...hmacTarget(),
  headers: { ...hmacTarget().headers, ...NEW_IDEMPOTENCY_KEY },
});
const sharedTarget = (): Target => ({
  server: gateway,
  url: `${url}/webhooks/in/${shared.id}`,
  headers: { ...json, 'x-webhook-secret': shared.secret },
});

const KEYED = 'hookgate hmac + new idempotency key';
const scenarios: Scenario[] = [
  { name: 'bare node:http 202', target: bareTarget, connections: 50 },
  { name: 'reference durable', target: referenceTarget, connections: 50 },
  { name: 'hookgate hmac', target: hmacTarget, connections: 50 },
  { name: KEYED, target: keyedTarget, connections: 50, uniqueIds: true },
  { name: 'hookgate shared_secret', target: sharedTarget, connections: 50 },
  { name: 'bare node:http 202', target: bareTarget, connections: 200 },
  { name: 'reference durable', target: referenceTarget, connections: 200 },
  { name: 'hookgate hmac', target: hmacTarget, connections: 200 },
  // The reference at the same fixed rate: the latency any gateway gets from its commits' fsyncs alone.
  { name: 'reference durable at 1k req/s', target: referenceTarget, connections: 20, rate: 1000 },
  { name: 'hookgate hmac at 1k req/s', target: hmacTarget, connections: 20, rate: 1000 },
];

for (const scenario of scenarios) await run(scenario, WARMUP_SECONDS);
const results = new Map<Scenario, LoadResult[]>(scenarios.map((s) => [s, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const scenario of scenarios) results.get(scenario)?.push(await run(scenario, SECONDS));
}

/** CPU microseconds per accepted event at a fixed rate, median over the rounds. */
async function cpuPerEvent(scenario: Scenario): Promise<{ micros: number; accepted: number }> {
  const samples: number[] = [];
  let accepted = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const pid = pidOf(scenario.target().server);
    const before = cpuSeconds(pid);
    const result = await run(scenario, SECONDS);
    const used = cpuSeconds(pid) - before;
    accepted = result.ok;
    samples.push(result.ok > 0 ? (used / result.ok) * 1e6 : Number.NaN);
  }
  return { micros: median(samples), accepted };
}
// Started only now, so that it does not sit beside the others during the req/s runs.
const storing = await startChild('./reference-server.ts', { BENCH_REFERENCE_STORAGE: 'search' });
const storingTarget = (): Target => referenceAt(storing);
const STORING = "reference with hookgate's storage (search level)";
// The same with a new idempotency key per request, claimed in hookgate's key table (keys level): the
// yardstick for hookgate with a new key.
const keying = await startChild('./reference-server.ts', { BENCH_REFERENCE_STORAGE: 'keys' });
const keyingTarget = (): Target => {
  const target = referenceAt(keying);
  return { ...target, headers: { ...target.headers, ...NEW_IDEMPOTENCY_KEY } };
};
const KEYING = "reference with hookgate's storage and a new key (keys level)";
// Warmed up as the others were by their req/s runs.
await run({ name: STORING, target: storingTarget, connections: 50 }, WARMUP_SECONDS);
await run({ name: KEYING, target: keyingTarget, connections: 50, uniqueIds: true }, WARMUP_SECONDS);
const cpuRows = [
  { name: 'bare node:http 202', target: bareTarget },
  { name: 'reference durable', target: referenceTarget },
  { name: STORING, target: storingTarget },
  { name: 'hookgate hmac', target: hmacTarget },
];
const cpu = new Map<string, number>();
for (const row of cpuRows) {
  const { micros } = await cpuPerEvent({ ...row, connections: 50, rate: CPU_RATE });
  cpu.set(row.name, micros);
}
// Throughput of the reference doing hookgate's storage at 50 connections, alternating with hookgate in
// rounds of their own: the part of the req/s gap that the storage every kept behaviour needs explains.
// The same for a new idempotency key per request.
const pairs = [
  {
    reference: { name: STORING, target: storingTarget },
    hookgate: { name: 'hookgate hmac', target: hmacTarget },
  },
  {
    reference: { name: KEYING, target: keyingTarget, uniqueIds: true },
    hookgate: { name: KEYED, target: keyedTarget, uniqueIds: true },
  },
];
const pairRates = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const pair of pairs) {
    for (const side of [pair.reference, pair.hookgate]) {
      const result = await run({ ...side, connections: 50 }, SECONDS);
      // req/s counts every answer: a refused request would make a server look fast.
      if (result.non2xx > 0) console.warn(`${side.name}: ${result.non2xx} non-2xx answers`);
      pairRates.set(side.name, [...(pairRates.get(side.name) ?? []), result.requestsPerSecond]);
    }
  }
}
const storingRates = pairRates.get(STORING) ?? [];
const besideRates = pairRates.get('hookgate hmac') ?? [];
const keyingRates = pairRates.get(KEYING) ?? [];
const keyedBesideRates = pairRates.get(KEYED) ?? [];
await Promise.all([stop(bare), stop(reference), stop(storing), stop(keying), stop(gateway)]);

const rps = (name: string, connections: number): number =>
  median(
    [...results.entries()]
      .filter(([s]) => s.name === name && s.connections === connections)
      .flatMap(([, r]) => r.map((x) => x.requestsPerSecond)),
  );
const ratio = (x: number, of: number) => (of > 0 ? `${(x / of).toFixed(2)}×` : '—');
const storeName = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded SQLite';
console.log(
  `\nInbound benchmark: ${SECONDS}s per run, median of ${ROUNDS} rounds, ${Buffer.byteLength(body)} B JSON body, ` +
    `reference and hookgate on ${storeName} (durable commit before the 202)` +
    `${serverCore === undefined ? '' : `, servers pinned to core ${serverCore}`}\n`,
);
console.table(
  [...results.entries()].map(([scenario, runs]) => {
    const rates = runs.map((r) => r.requestsPerSecond);
    const value = median(rates);
    return {
      scenario: scenario.name,
      conns: scenario.connections,
      'req/s (median)': Math.round(value),
      spread: `${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}`,
      'p50 ms': median(runs.map((r) => r.p50)),
      'p99 ms': median(runs.map((r) => r.p99)),
      // A rate-capped run measures latency, not capacity: no ratio.
      'vs bare': scenario.rate ? '—' : ratio(value, rps('bare node:http 202', scenario.connections)),
      'vs reference': scenario.rate ? '—' : ratio(value, rps('reference durable', scenario.connections)),
      'non-2xx': runs.reduce((n, r) => n + r.non2xx, 0),
      errors: runs.reduce((n, r) => n + r.errors, 0),
    };
  }),
);
console.log(`\nCPU per accepted event at ${CPU_RATE} req/s (process CPU time ÷ 2xx answers, all threads):`);
console.table(
  cpuRows.map(({ name }) => ({
    server: name,
    'µs / event': Math.round(cpu.get(name) ?? Number.NaN),
    'vs reference': ratio(cpu.get(name) ?? 0, cpu.get('reference durable') ?? 0),
  })),
);
const spread = (rates: number[]) =>
  `${Math.round(median(rates))} req/s (${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))})`;
console.log(
  `\nAt 50 connections, in rounds of their own: ${STORING} ${spread(storingRates)}, ` +
    `hookgate hmac ${spread(besideRates)}: ${ratio(median(besideRates), median(storingRates))} of it; ` +
    `${KEYING} ${spread(keyingRates)}, ${KEYED} ${spread(keyedBesideRates)}: ` +
    `${ratio(median(keyedBesideRates), median(keyingRates))} of it`,
);
const atFixedRate = (name: string) => results.get(scenarios.find((s) => s.name === name) as Scenario) ?? [];
const fixed = atFixedRate('hookgate hmac at 1k req/s');
const fixedReference = atFixedRate('reference durable at 1k req/s');
const rounds = (runs: LoadResult[]) => runs.map((r) => r.p99).join(' / ');
// The servers are stopped: the disk is measured alone, as a floor under any durable server's p99.
console.log(`\n${describeFsyncTail(measureFsyncTail(5))}`);
console.log(
  `p99 at 1k req/s per round: hookgate ${rounds(fixed)} ms, reference ${rounds(fixedReference)} ms`,
);
console.log(
  'goals: hookgate hmac ≥ 0.85× reference at 50 and 200 connections: ' +
    `${ratio(rps('hookgate hmac', 50), rps('reference durable', 50))}, ` +
    `${ratio(rps('hookgate hmac', 200), rps('reference durable', 200))} ` +
    `(${ratio(median(besideRates), median(storingRates))} of the ${STORING} at 50); ` +
    `with a new idempotency key ≥ 0.7×: ${ratio(rps(KEYED, 50), rps('reference durable', 50))} ` +
    `(${ratio(median(keyedBesideRates), median(keyingRates))} of the ${KEYING}, which reaches ` +
    `${ratio(median(keyingRates), rps('reference durable', 50))} of the reference); ` +
    `CPU per event ≤ 1.3× reference: ${ratio(cpu.get('hookgate hmac') ?? 0, cpu.get('reference durable') ?? 0)} ` +
    `(${ratio(cpu.get('hookgate hmac') ?? 0, cpu.get(STORING) ?? 0)} of the ${STORING}); ` +
    `p99 at 1k req/s ≤ 15 ms: ${median(fixed.map((r) => r.p99))} ms ` +
    `(reference: ${median(fixedReference.map((r) => r.p99))} ms)`,
);
