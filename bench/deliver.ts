// npm run bench:deliver: outbound delivery end to end. A worker delivers to a local sink in another
// process (204, keep-alive). (1a) drain: N messages queued while the worker is stopped, then delivered:
// deliveries/s; (1b) N messages published as fast as possible while the worker runs: deliveries/s from
// the first publish to the last receipt (publishing and delivering share the CPU); (2) latency:
// publishing at a fixed 200/s, publish-call → received p50/p95/p99. SQLite in a temp dir, or PostgreSQL
// with BENCH_DATABASE_URL. Signed with the `hookgate` style. Not a test: nothing is asserted.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { systemClock } from '../src/core/clock.ts';
import { createApplicationService } from '../src/delivery/admin/application-service.ts';
import { createEndpointBody } from '../src/delivery/admin/endpoint-input.ts';
import { createEndpointService } from '../src/delivery/admin/endpoint-service.ts';
import { createMessagePublisher } from '../src/delivery/publisher.ts';
import { createDestinationGuard } from '../src/delivery/ssrf/destination-guard.ts';
import { createDeliveryWorker } from '../src/delivery/worker/delivery-worker.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createSecretBox } from '../src/secrets/secret-box.ts';
import { createStore } from '../src/store/create-store.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const IN_FLIGHT_PUBLISHES = 256;
const now = (): number => performance.timeOrigin + performance.now();

interface Report {
  delays: number[];
  duplicates: number;
  distinct: number;
  at: number;
}

const sink: ChildProcess = fork(new URL('./deliver-sink.ts', import.meta.url).pathname, [], {
  execArgv: process.execArgv,
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const [line] = (await once(createInterface({ input: sink.stdout! }), 'line')) as [string];
const sinkUrl = (JSON.parse(line) as { url: string }).url;
const report = async (): Promise<Report> => {
  sink.send('report');
  const [message] = (await once(sink, 'message')) as [Report];
  return message;
};

const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-bench-'));
const databaseUrl = process.env.BENCH_DATABASE_URL;
const store = createStore({
  dataDir,
  ...(databaseUrl && { databaseUrl, schema: `bench_${randomBytes(3).toString('hex')}` }),
});
await store.migrate();
const clock = systemClock;
const secretBox = createSecretBox({ current: randomBytes(32) });
const application = await createApplicationService({ store, clock, secretBox }).create({ name: 'bench' });
if (!application.ok) throw new Error(application.message);
const applicationId = application.value.record.id;
const endpoints = createEndpointService({
  store,
  clock,
  secretBox,
  guard: createDestinationGuard({ allowPrivate: true }),
});
const endpoint = await endpoints.create(
  applicationId,
  createEndpointBody.parse({ url: sinkUrl, maxConcurrency: 128 }),
);
if (!endpoint.ok) throw new Error(endpoint.message);

const worker = createDeliveryWorker({
  store,
  clock,
  logger: createLogger('warn'),
  secretBox,
  allowPrivateDestinations: true,
  batchSize: 128,
  concurrency: 256,
});
const publisher = createMessagePublisher({ store, clock, local: worker, onQueued: () => worker.notify() });
worker.start();

async function publishOne(): Promise<void> {
  const result = await publisher.publish({
    applicationId,
    type: 'order.updated',
    data: { publishedAt: now(), note: 'x'.repeat(200) },
  });
  if (!result.ok) throw new Error(result.message);
}

async function waitForDeliveries(count: number): Promise<Report> {
  const merged: Report = { delays: [], duplicates: 0, distinct: 0, at: 0 };
  while (merged.delays.length < count) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const part = await report();
    merged.delays.push(...part.delays);
    Object.assign(merged, { duplicates: part.duplicates, distinct: part.distinct, at: part.at });
  }
  return merged;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function publishMany(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT_PUBLISHES }, async () => {
      while (next < count) {
        next += 1;
        await publishOne();
      }
    }),
  );
}

// Warm-up: connections, JIT, prepared statements.
for (let i = 0; i < 500; i += 1) await publishOne();
await waitForDeliveries(500);

// (1a) Drain: queued with the worker stopped, then delivered.
await worker.stop();
await publishMany(MESSAGES);
const drainStarted = now();
worker.start();
const drained = await waitForDeliveries(MESSAGES);
const drainSeconds = (drained.at - drainStarted) / 1000;

// (1b) Publishing and delivering at once.
const started = now();
await publishMany(MESSAGES);
const published = now();
const burst = await waitForDeliveries(MESSAGES);
const throughputSeconds = (Math.max(published, burst.at) - started) / 1000;

// (2) Latency at a fixed rate.
const total = RATE * SECONDS;
const interval = 1000 / RATE;
const t0 = now();
for (let i = 0; i < total; i += 1) {
  const due = t0 + i * interval;
  const wait = due - now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  void publishOne();
}
const steady = await waitForDeliveries(total);
const sorted = [...steady.delays].sort((a, b) => a - b);

await worker.stop();
await worker.close();
await store.close();
sink.disconnect();
rmSync(dataDir, { recursive: true, force: true });

const store_ = databaseUrl ? 'postgres' : 'sqlite';
console.table([
  {
    scenario: `(1a) drain ${MESSAGES} queued messages [${store_}]`,
    'publish/s': '',
    'deliveries/s': Math.round(MESSAGES / drainSeconds),
    duplicates: drained.duplicates,
  },
  {
    scenario: `(1b) publish ${MESSAGES} while delivering [${store_}]`,
    'publish/s': Math.round(MESSAGES / ((published - started) / 1000)),
    'deliveries/s': Math.round(MESSAGES / throughputSeconds),
    duplicates: burst.duplicates,
  },
]);
console.table([
  {
    scenario: `(2) ${RATE}/s for ${SECONDS} s [${store_}]`,
    'p50 ms': Number(percentile(sorted, 50).toFixed(1)),
    'p95 ms': Number(percentile(sorted, 95).toFixed(1)),
    'p99 ms': Number(percentile(sorted, 99).toFixed(1)),
    'max ms': Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
    delivered: sorted.length,
  },
]);
