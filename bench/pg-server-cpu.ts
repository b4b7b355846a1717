// npm run bench:pg-server: the PostgreSQL SERVER's CPU per accepted event, by item. Not a test: nothing is
// asserted; figures vary with the machine.
//
// One client (one backend), whose CPU time is read from /proc/<backend pid>/schedstat (nanoseconds on CPU;
// the server must run on this machine). A fresh schema migrated by the store per scenario and round, the
// scenarios alternating within a round; median µs per event over the rounds:
//   - `write`: EVENTS accepted events (1 KB JSON body, the bench's headers) committed by `commitPgBatch` in
//     batches of BATCH, as the group commit sends them; `write-no-queue` without the statement trigger that
//     queues history ids for search; `write-no-fk` without the foreign keys to `connections`;
//   - `write-keyed`: the same with a new idempotency key per event (keys as `npm run bench` sends them: 50
//     senders, each a fixed random prefix and a counter), `write-keyed-no-key-fk` without the key table's
//     foreign key to `connections`, `write-keyed-no-created-idx` without its index on the claim time;
//   - `document`: computing every row's search document (`hookgate_search_document`, the preview derived
//     from the event as the indexer does), nothing stored;
//   - `index`: the indexer's slices (document, GIN insert into the pending list, pending ids deleted);
//   - `gin-merge`: `gin_clean_pending_list` after them (autovacuum's work otherwise, not on the backend).
// Env: BENCH_DATABASE_URL (required), BENCH_PG_EVENTS (5000), BENCH_PG_BATCH (25), BENCH_PG_ROUNDS (3).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { pgSearchBodyPreview } from '../src/store/body-preview.ts';
import { commitPgBatch } from '../src/store/pg-batch-commit.ts';
import { PG_INDEX_SLICE_ROWS, PG_INDEX_SLICE_SQL } from '../src/store/pg-search-indexer.ts';
import type { WriteItem } from '../src/store/write-batch.ts';
import { benchAcceptItem, migrateWithConnection } from './bench-events.ts';

const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const EVENTS = Number(process.env.BENCH_PG_EVENTS ?? 5000);
const BATCH = Number(process.env.BENCH_PG_BATCH ?? 25);
const ROUNDS = Number(process.env.BENCH_PG_ROUNDS ?? 3);
const CONNECTION = 'con_benchpgserver';
const SCHEMA = `bench_pg_server_${process.pid}`;

/** One accepted bench request on the bench connection, claiming `key` when given. */
const acceptItem = (at: number, key: string | null): WriteItem => benchAcceptItem(CONNECTION, at, key);

/**
 * New idempotency keys as autocannon makes them for `npm run bench`: one fixed random prefix per sender (50
 * connections) and a zero-padded counter, so inserts land at 50 places of the key index.
 */
function keyMaker(): () => string {
  const prefixes = Array.from({ length: 50 }, () => randomBytes(16).toString('base64url'));
  let next = 0;
  return () => {
    const sent = next++;
    return `bench-${prefixes[sent % 50]}${String(Math.floor(sent / 50)).padStart(7, '0')}`;
  };
}

/** Nanoseconds the backend `pid` has run on a CPU so far. */
function backendNanos(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

/** A migrated schema of its own with the bench connection; `client` then works in it. */
async function freshSchema(client: pg.Client): Promise<void> {
  await client.query(`drop schema if exists ${SCHEMA} cascade`);
  await migrateWithConnection({ dataDir: '', databaseUrl: DATABASE_URL, schema: SCHEMA }, CONNECTION);
  await client.query(`set search_path = ${SCHEMA}`);
}

/** The indexer's slice (`pg-search-indexer.ts`), run until nothing is pending. */
async function indexAll(client: pg.Client): Promise<void> {
  for (;;) {
    await client.query('begin');
    const result = await client.query(PG_INDEX_SLICE_SQL);
    await client.query('commit');
    if (Number(result.rows[0]?.taken ?? 0) < PG_INDEX_SLICE_ROWS) return;
  }
}

const samples = new Map<string, number[]>();
function record(item: string, nanos: number): void {
  samples.set(item, [...(samples.get(item) ?? []), nanos / 1000 / EVENTS]);
}

/** Runs `work` on the backend and records its CPU per event under `item`. */
async function measured(pid: number, item: string, work: () => Promise<unknown>) {
  const started = backendNanos(pid);
  await work();
  record(item, backendNanos(pid) - started);
}

async function writeEvents(client: pg.Client, keyed: boolean): Promise<void> {
  const at = Date.now();
  const newKey = keyed ? keyMaker() : () => null;
  for (let i = 0; i < EVENTS; i += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) =>
      acceptItem(at + i + j, newKey()),
    );
    await commitPgBatch(client, items);
  }
}

/** Extra scenarios from BENCH_PG_SQL: `name=SQL run on the fresh schema before writing`, `;;`-separated. */
const EXTRA = (process.env.BENCH_PG_SQL ?? '')
  .split(';;')
  .filter((entry) => entry.includes('='))
  .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const);

async function round(client: pg.Client, pid: number): Promise<void> {
  const variants: (readonly [string, string])[] = [
    ['write', ''],
    ['write-no-queue', 'alter table history disable trigger history_search_queue_inserted'],
    [
      'write-no-fk',
      `alter table events drop constraint events_connection_id_fkey;
       alter table history drop constraint history_connection_id_fkey`,
    ],
    ['write-keyed', ''],
    [
      'write-keyed-no-key-fk',
      'alter table idempotency_keys drop constraint idempotency_keys_connection_id_fkey',
    ],
    ['write-keyed-no-created-idx', 'drop index idempotency_keys_created_idx'],
    ...EXTRA,
  ];
  for (const [name, setup] of variants) {
    await freshSchema(client);
    if (setup !== '') await client.query(setup);
    await client.query('checkpoint');
    await measured(pid, name, () => writeEvents(client, name.startsWith('write-keyed')));
    if (name !== 'write' && !name.startsWith('index')) continue;
    const suffix = name === 'write' ? '' : `:${name}`;
    await client.query('vacuum analyze');
    await measured(pid, `document${suffix}`, () =>
      client.query(`select count(*) from (select hookgate_search_document(h.id, h.event_id, h.message,
        h.headers, ${pgSearchBodyPreview('h')}) as d from history h offset 0) documents where d is not null`),
    );
    await measured(pid, `index${suffix}`, () => indexAll(client));
    await measured(pid, `gin-merge${suffix}`, () =>
      client.query(`select gin_clean_pending_list(c.oid) from pg_class c
        where c.relname = 'history_search_words_idx' and c.relnamespace = current_schema()::regnamespace`),
    );
  }
}

if (DATABASE_URL === undefined) throw new Error('BENCH_DATABASE_URL is required');
const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();
try {
  const pid = Number((await client.query('select pg_backend_pid() as pid')).rows[0].pid);
  for (let r = 0; r < ROUNDS; r++) await round(client, pid);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  console.log(
    `server CPU µs per event (${EVENTS} events, batches of ${BATCH}, ${ROUNDS} rounds: median [min–max])`,
  );
  for (const [item, values] of samples) {
    console.log(
      `${item.padEnd(28)} ${median(values).toFixed(1).padStart(7)}  [${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}]`,
    );
  }
} finally {
  await client.query(`drop schema if exists ${SCHEMA} cascade`).catch(() => undefined);
  await client.end();
}
