// npm run bench:cpu: CPU microseconds per accepted event at a fixed rate, split by thread of the server
// process (main, the SQLite writer and checkpoint threads, V8's GC helpers), user and system time apart.
// CPU per event moves far less with the machine's load than req/s, so this steers optimisation on a busy
// machine. Servers are pinned to the last core as in `npm run bench`.
//   BENCH_TARGETS  comma-separated: reference, hookgate, keyed (hookgate with a new idempotency key per
//                  request); `hookgate@/path/to/other/checkout` runs that checkout's gateway (A/B of two trees);
//                  `reference:<level>` runs the reference doing hookgate's storage work up to <level>
//                  (events, history, search, keys: BENCH_REFERENCE_STORAGE of bench/reference-server.ts; `keys`
//                  is sent a new idempotency key per request, to compare with `keyed`), e.g.
//                  reference,reference:events,reference:history,reference:search,hookgate prints what each
//                  kept behaviour costs and, against the search level, what hookgate's own code path costs
//   BENCH_ROUNDS (3; targets alternate within a round, medians are printed), BENCH_SECONDS (6),
//   BENCH_WARMUP (2: seconds of load before the measured window; V8 still compiles the hot path for a
//   while, on its worker threads, which the `V8Worker` columns count with the GC helpers),
//   BENCH_CPU_RATE (5000), BENCH_NODE_ARGS (extra node flags for the servers, e.g. --cpu-prof),
//   BENCH_DATABASE_URL as for `npm run bench`. On PostgreSQL the database server's CPU per event is printed
//   too: `pg backends` is the CPU of the server processes serving the target's own database (its
//   connections and autovacuum workers; a backend that exits during the window is missed), `pg shared`
//   that of the postmaster and its background processes (WAL writer, checkpointer, …), which also work
//   for every other database of the cluster: on a shared server it counts their activity too.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { BENCH_BODY, NEW_IDEMPOTENCY_KEY } from './bench-events.ts';
import { runLoad } from './run-load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RATE = Number(process.env.BENCH_CPU_RATE ?? 5000);
const TARGETS = (process.env.BENCH_TARGETS ?? 'reference,hookgate').split(',');
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const body = BENCH_BODY;

const cores = availableParallelism();
const serverCore = cores >= 2 ? String(cores - 1) : undefined;
if (serverCore !== undefined) {
  execFileSync('taskset', ['-pc', `0-${cores - 2}`, String(process.pid)], { stdio: 'ignore' });
}

interface Server {
  readonly process: ChildProcess;
  readonly info: Record<string, unknown>;
}

/**
 * Starts `bench/<script>` of this checkout, or of `tree` when given, pinned to the server core, with
 * `env` added to this process's environment.
 */
async function start(script: string, tree: string | undefined, env: Record<string, string>): Promise<Server> {
  const path = tree === undefined ? new URL(script, import.meta.url).pathname : `${tree}/bench/${script}`;
  const args = [...process.execArgv, ...NODE_ARGS, path];
  const stdio: ['ignore', 'pipe', 'inherit'] = ['ignore', 'pipe', 'inherit'];
  const options = { stdio, env: { ...process.env, ...env } };
  const child =
    serverCore === undefined
      ? spawn(process.execPath, args, options)
      : spawn('taskset', ['-c', serverCore, process.execPath, ...args], options);
  if (child.stdout === null) throw new Error('no stdout from the server');
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { process: child, info: JSON.parse(line) as Record<string, unknown> };
}

/** CPU seconds per thread kind (`main`, `WorkerThread`, `V8Worker`, …) and user/system, from /proc. */
function threadCpu(pid: number): Map<string, number> {
  const seconds = new Map<string, number>();
  const add = (key: string, value: number) => seconds.set(key, (seconds.get(key) ?? 0) + value);
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Fields 14 and 15 of proc(5) (utime, stime), counted after the command name; clock ticks of 1/100 s.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      add(`${name} usr`, Number(fields[11]) / 100);
      add(`${name} sys`, Number(fields[12]) / 100);
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return seconds;
}

/** CPU seconds of the PostgreSQL server: processes whose command name starts with `postgres`, by pid. */
function postgresCpu(): Map<number, { seconds: number; command: string }> {
  const processes = new Map<number, { seconds: number; command: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // The process title, e.g. `postgres: 15/main: postgres hookgate_bench_123 127.0.0.1(4711) idle`.
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      processes.set(Number(entry), { seconds: (Number(fields[11]) + Number(fields[12])) / 100, command });
    } catch {
      // A process that ended meanwhile.
    }
  }
  return processes;
}

/**
 * PostgreSQL CPU seconds between two `postgresCpu` readings: of the backends of the database the server
 * with `pid` created (bench servers name it `hookgate_<kind>_<pid>`), and of the shared processes (no
 * client address, not a worker for another database).
 */
function postgresDelta(
  before: ReturnType<typeof postgresCpu>,
  after: ReturnType<typeof postgresCpu>,
  pid: number,
): { backends: number; shared: number } {
  const own = new RegExp(`\\bhookgate_[a-z]+_${pid}\\b`);
  let backends = 0;
  let shared = 0;
  for (const [processId, { seconds, command }] of after) {
    const used = seconds - (before.get(processId)?.seconds ?? 0);
    if (own.test(command)) backends += used;
    else if (!/\(\d+\)|\[local\]|worker/.test(command)) shared += used;
  }
  return { backends, shared };
}

const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');

/** Where to send and with which headers, for a started server; `keyed`: a new idempotency key each. */
function targetOf(
  kind: string,
  server: Server,
  keyed: boolean,
): { url: string; headers: Record<string, string> } {
  const json = { 'content-type': 'application/json', ...(keyed && NEW_IDEMPOTENCY_KEY) };
  if (kind === 'reference') {
    const headers = { ...json, 'x-signature': sign(String(server.info.secret)) };
    return { url: `${String(server.info.url)}/`, headers };
  }
  const hmac = server.info.hmac as { id: string; secret: string };
  const headers = { ...json, 'x-signature': sign(hmac.secret) };
  return { url: `${String(server.info.url)}/webhooks/in/${hmac.id}`, headers };
}

const onPostgres = Boolean(process.env.BENCH_DATABASE_URL);

/** What one run measured, in µs per accepted event. */
interface Run {
  readonly total: number;
  readonly byThread: Map<string, number>;
  /** PostgreSQL only: the database server's CPU (see the top of this file). */
  readonly postgres?: { backends: number; shared: number };
  readonly line: string;
}

/** One measured run: µs per accepted event by thread, the total, and what the load generator saw. */
async function measure(spec: string): Promise<Run> {
  const [target = 'hookgate', tree] = spec.split('@');
  const [kind = 'hookgate', storage] = target.split(':');
  const script = kind === 'reference' ? 'reference-server.ts' : 'gateway-server.ts';
  const server = await start(script, tree, storage ? { BENCH_REFERENCE_STORAGE: storage } : {});
  const pid = server.process.pid ?? 0;
  // `keyed` and the reference's `keys` level are sent a new idempotency key with every request.
  const keyed = kind === 'keyed' || storage === 'keys';
  const load = { ...targetOf(kind, server, keyed), body, connections: 50, rate: RATE, uniqueIds: keyed };
  await runLoad({ ...load, seconds: WARMUP });
  const before = threadCpu(pid);
  const postgresBefore = onPostgres ? postgresCpu() : undefined;
  const result = await runLoad({ ...load, seconds: SECONDS });
  const after = threadCpu(pid);
  const postgresAfter = onPostgres ? postgresCpu() : undefined;
  server.process.kill('SIGTERM');
  await once(server.process, 'exit');
  const perEvent = (seconds: number) => (seconds / result.ok) * 1e6;
  const byThread = new Map<string, number>();
  let total = 0;
  for (const [thread, seconds] of after) {
    const micros = perEvent(seconds - (before.get(thread) ?? 0));
    total += micros;
    if (micros > 0) byThread.set(thread, micros);
  }
  const line = `${result.ok} accepted (${Math.round(result.ok / SECONDS)}/s), ${result.non2xx} non-2xx, p50 ${result.p50} ms, p99 ${result.p99} ms`;
  if (postgresBefore === undefined || postgresAfter === undefined) return { total, byThread, line };
  const { backends, shared } = postgresDelta(postgresBefore, postgresAfter, pid);
  return { total, byThread, postgres: { backends: perEvent(backends), shared: perEvent(shared) }, line };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const runs = new Map<string, Run[]>();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const spec of TARGETS) {
    const run = await measure(spec);
    const postgres =
      run.postgres === undefined
        ? ''
        : ` + PostgreSQL ${run.postgres.backends.toFixed(1)} (backends), ${run.postgres.shared.toFixed(1)} (shared)`;
    const main = `main ${(run.byThread.get('main usr') ?? 0).toFixed(1)} usr + ${(run.byThread.get('main sys') ?? 0).toFixed(1)} sys`;
    console.log(
      `round ${round + 1} ${spec}: ${run.total.toFixed(1)}${postgres} µs/event (${main}); ${run.line}`,
    );
    runs.set(spec, [...(runs.get(spec) ?? []), run]);
  }
}
console.log(`\nCPU µs per accepted event at ${RATE} req/s, median of ${ROUNDS} rounds, by thread:`);
console.table(
  [...runs].map(([spec, measured]) => {
    const threads = new Set(measured.flatMap((run) => [...run.byThread.keys()]));
    const rounded = (pick: (run: Run) => number) => Number(median(measured.map(pick)).toFixed(1));
    const row: Record<string, string | number> = { server: spec, total: rounded((run) => run.total) };
    if (onPostgres) {
      row['pg backends'] = rounded((run) => run.postgres?.backends ?? Number.NaN);
      row['pg shared'] = rounded((run) => run.postgres?.shared ?? Number.NaN);
      row['total + pg backends'] = rounded((run) => run.total + (run.postgres?.backends ?? Number.NaN));
    }
    for (const thread of [...threads].sort()) {
      row[thread] = rounded((run) => run.byThread.get(thread) ?? 0);
    }
    return row;
  }),
);
