// npm run bench:search: what history search (`q`) costs the inbound write path, and how fast it answers
// at scale, on SQLite and PostgreSQL. Not a test: nothing is asserted; figures vary with the machine.
//
// 1. Write cost: WRITE_ROWS history rows (~1 KB body preview) committed in batches of 250, as the group
//    commit does, with and without the search index; on SQLite also the writer thread's indexing time,
//    spent between commits (off the request path).
// 2. Query time: SEARCH_ROWS rows loaded, then the first page (50 rows) of a rare and a common word,
//    alone and with other filters; median of QUERY_RUNS.
// Env: BENCH_SEARCH_ROWS (default 1e6), BENCH_WRITE_ROWS (20000), BENCH_DATABASE_URL (PostgreSQL; unset:
// SQLite only), BENCH_QUERY_RUNS (5), BENCH_PARTS (see PARTS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import pg from 'pg';
import { createStore } from '../src/store/create-store.ts';
import { openSqliteDatabase } from '../src/store/sqlite-writer/open-sqlite.ts';
import { createPreparedBatchWriter } from '../src/store/sqlite-writer/prepared-batch.ts';
import { createSearchIndexer } from '../src/store/sqlite-writer/search-indexer.ts';
import type { HistoryFilter, HistoryRecord, Store } from '../src/store/types.ts';
import { toBatchItem } from '../src/store/write-batch.ts';
import { benchConnection } from './bench-events.ts';

const SEARCH_ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 1_000_000);
const WRITE_ROWS = Number(process.env.BENCH_WRITE_ROWS ?? 20_000);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 5);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
/** Which parts run: any of sqlite-write, sqlite-scale, pg-write, pg-scale (default all). */
const PARTS = (process.env.BENCH_PARTS ?? 'sqlite-write,sqlite-scale,pg-write,pg-scale').split(',');
const BATCH = 250;
const CONNECTIONS = ['con_bench0', 'con_bench1', 'con_bench2', 'con_bench3', 'con_bench4'];
/** One row in RARE_EVERY carries the rare word. */
const RARE_EVERY = 100_000;
const T0 = Date.UTC(2026, 0, 1);

/** A small deterministic PRNG (mulberry32), so both stores get the same rows. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(42);
const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919).toString(36)}`);
const word = (): string => VOCABULARY[Math.floor(next() * VOCABULARY.length)] ?? 'w';

/**
 * History row `i`: a ~1 KB JSON body preview; "order" in every row, "zanzibar" (near the start) in one of
 * RARE_EVERY, each vocabulary word in ~2 % of rows.
 */
function benchRow(i: number): HistoryRecord {
  const words = Array.from({ length: 120 }, word).join(' ');
  const rare = i % RARE_EVERY === 7 ? 'zanzibar ' : '';
  return {
    id: `his_${i.toString(36).padStart(8, '0')}`,
    connectionId: CONNECTIONS[i % CONNECTIONS.length] ?? 'con_bench0',
    receivedAt: T0 + i * 1000,
    outcome: i % 10 === 3 ? 'UNAUTHORIZED' : 'ACCEPTED',
    message: i % 10 === 3 ? 'Signature mismatch' : null,
    headers: {
      'content-type': 'application/json',
      'user-agent': `Sender/${i % 7}`,
      'x-request-id': `req_${i}`,
    },
    bodyPreview: JSON.stringify({ type: 'order.updated', id: `ord_${i}`, note: `${rare}${words}` }),
    bodySize: 1100,
    eventId: `evt_${i.toString(36)}`,
    duplicateOf: null,
    contactId: null,
    repeatCount: 1,
  };
}

/** Connection rows the history rows belong to. */
async function createConnections(store: Store): Promise<void> {
  for (const id of CONNECTIONS) {
    await store.createConnection(benchConnection(id, T0), null);
  }
}

const micros = (startNs: bigint, rows: number): number =>
  Number(process.hrtime.bigint() - startNs) / 1000 / Math.max(rows, 1);
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** A migrated SQLite database in a new temp dir; `withoutSearch` drops the search objects again. */
async function freshSqlite(withoutSearch: boolean): Promise<{ dir: string; database: DatabaseSync }> {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-bench-search-'));
  const store = createStore({ dataDir: dir });
  await store.migrate();
  await createConnections(store);
  await store.close();
  const database = openSqliteDatabase(dir);
  if (withoutSearch) {
    database.exec(
      'drop trigger history_search_forget; drop table history_fts; drop table history_search_state',
    );
  }
  return { dir, database };
}

/** SQLite: µs per row of the group commit (with and without search objects) and of the indexer. */
async function sqliteWriteCost(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const withoutSearch of [true, false, true, false]) {
    const { dir, database } = await freshSqlite(withoutSearch);
    const commit = createPreparedBatchWriter(database);
    const started = process.hrtime.bigint();
    for (let i = 0; i < WRITE_ROWS; i += BATCH) {
      const items = [];
      for (let j = i; j < Math.min(i + BATCH, WRITE_ROWS); j++)
        items.push(toBatchItem({ kind: 'history', history: benchRow(j) }));
      await commit(items);
    }
    const key = withoutSearch ? 'commit µs/row, no search index' : 'commit µs/row, with search';
    result[key] = Math.min(result[key] ?? Infinity, round1(micros(started, WRITE_ROWS)));
    if (!withoutSearch) {
      const indexer = createSearchIndexer(database);
      const indexing = process.hrtime.bigint();
      while (indexer.backlog() > 0) indexer.indexSlice();
      const key2 = 'indexer µs/row (writer thread, between commits)';
      result[key2] = Math.min(result[key2] ?? Infinity, round1(micros(indexing, WRITE_ROWS)));
    }
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** The queries timed at scale: rare and common word, alone and with filters. */
const QUERIES: [string, Omit<HistoryFilter, 'limit'>][] = [
  ['rare word', { q: 'zanzibar' }],
  ['rare word + connection', { q: 'zanzibar', connectionId: 'con_bench2' }],
  ['common word', { q: 'order' }],
  ['common word + connection + outcome', { q: 'order', connectionId: 'con_bench3', outcome: 'UNAUTHORIZED' }],
  ['common word + since/until (1 day)', { q: 'order', since: T0 + 3_600_000, until: T0 + 90_000_000 }],
  ['two words (rare + common)', { q: 'order zanzibar' }],
  ['word in ~2% of rows', { q: VOCABULARY[17] ?? '' }],
  ['word in ~2% of rows + outcome', { q: VOCABULARY[17] ?? '', outcome: 'UNAUTHORIZED' }],
  ['id prefix', { q: `evt_${(SEARCH_ROWS - 5).toString(36)}` }],
];

/** Median ms of the first page of each query. */
async function timeQueries(store: Store): Promise<Record<string, string>> {
  const times: Record<string, string> = {};
  for (const [name, filter] of QUERIES) {
    const runs: number[] = [];
    let found = 0;
    for (let run = 0; run < QUERY_RUNS; run++) {
      const started = process.hrtime.bigint();
      const page = await store.listHistory({ ...filter, limit: 50 });
      runs.push(Number(process.hrtime.bigint() - started) / 1e6);
      found = page.items.length;
    }
    runs.sort((a, b) => a - b);
    times[name] = `${round1(runs[Math.floor(runs.length / 2)] ?? 0)} ms (${found} rows)`;
  }
  return times;
}

/** The column values of a row, in HISTORY_INSERT_COLUMNS order. */
const values = (r: HistoryRecord): unknown[] => [
  r.id,
  r.connectionId,
  r.receivedAt,
  r.outcome,
  r.message,
  JSON.stringify(r.headers),
  r.bodyPreview,
  r.bodySize,
  r.eventId,
];

/** SQLite at SEARCH_ROWS: load, index (as the writer thread would), then query through the store. */
async function sqliteAtScale(): Promise<Record<string, string>> {
  const { dir, database } = await freshSqlite(false);
  database.exec('PRAGMA synchronous = OFF');
  const insert = database.prepare(
    `insert into history (id, connection_id, received_at, outcome, message, headers, body_preview, body_size,
       event_id, duplicate_of, contact_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null)`,
  );
  for (let i = 0; i < SEARCH_ROWS; i += 10_000) {
    database.exec('BEGIN');
    for (let j = i; j < Math.min(i + 10_000, SEARCH_ROWS); j++) {
      insert.run(...(values(benchRow(j)) as SQLInputValue[]));
    }
    database.exec('COMMIT');
  }
  const indexer = createSearchIndexer(database);
  const indexing = process.hrtime.bigint();
  while (indexer.backlog() > 0) indexer.indexSlice();
  const indexMicros = round1(micros(indexing, SEARCH_ROWS));
  database.exec('PRAGMA wal_checkpoint(TRUNCATE); ANALYZE');
  database.close();
  const store = createStore({ dataDir: dir });
  await store.migrate();
  try {
    return { [`indexing ${SEARCH_ROWS} rows, µs/row`]: String(indexMicros), ...(await timeQueries(store)) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const HISTORY_INSERT_COLUMNS =
  'id, connection_id, received_at, outcome, message, headers, body_preview, body_size, event_id';

/** A migrated PostgreSQL schema of its own, with the bench connections. */
async function freshPgSchema(client: pg.Client, name: string): Promise<void> {
  await client.query(`drop schema if exists ${name} cascade`);
  const store = createStore({ dataDir: '', databaseUrl: DATABASE_URL, schema: name });
  await store.migrate();
  await createConnections(store);
  await store.close();
  await client.query(`set search_path = ${name}`);
}

/**
 * PostgreSQL: µs per row of 250-row multi-row INSERT transactions, with and without search (the trigger
 * that queues each row for the indexer, which runs after the commit).
 */
async function pgWriteCost(client: pg.Client): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  const schema = `bench_search_w${process.pid}`;
  for (const withIndex of [false, true, false, true]) {
    await freshPgSchema(client, schema);
    if (!withIndex) await client.query('drop trigger history_search_queue_inserted on history');
    const started = process.hrtime.bigint();
    for (let i = 0; i < WRITE_ROWS; i += BATCH) {
      const rows = [];
      for (let j = i; j < Math.min(i + BATCH, WRITE_ROWS); j++) rows.push(values(benchRow(j)));
      const placeholders = rows.map(
        (_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`,
      );
      await client.query(
        `insert into history (${HISTORY_INSERT_COLUMNS}) values ${placeholders.join(', ')}`,
        rows.flat(),
      );
    }
    const key = withIndex ? 'insert µs/row, queued for search' : 'insert µs/row, no search';
    result[key] = Math.min(result[key] ?? Infinity, round1(micros(started, WRITE_ROWS)));
  }
  await client.query(`drop schema ${schema} cascade`);
  return result;
}

/** PostgreSQL at SEARCH_ROWS: bulk load, index every row, then query through the store. */
async function pgAtScale(client: pg.Client): Promise<Record<string, string>> {
  const schema = `bench_search_q${process.pid}`;
  await freshPgSchema(client, schema);
  await client.query('drop trigger history_search_queue_inserted on history');
  await client.query('drop index history_search_words_idx');
  for (let i = 0; i < SEARCH_ROWS; i += 5000) {
    const columns: unknown[][] = Array.from({ length: 9 }, () => []);
    for (let j = i; j < Math.min(i + 5000, SEARCH_ROWS); j++)
      for (const [c, v] of values(benchRow(j)).entries()) columns[c]?.push(v);
    await client.query(
      `insert into history (${HISTORY_INSERT_COLUMNS}) select * from unnest($1::text[], $2::text[], $3::bigint[],
         $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])`,
      columns,
    );
  }
  const building = process.hrtime.bigint();
  await client.query(`insert into history_search (history_id, words)
    select id, hookgate_search_document(id, event_id, message, headers, body_preview) from history`);
  await client.query(`create index history_search_words_idx on history_search using gin
    (hookgate_search_words(words)) with (fastupdate = on)`);
  const buildMicros = round1(micros(building, SEARCH_ROWS));
  await client.query('analyze history; analyze history_search');
  const store = createStore({ dataDir: '', databaseUrl: DATABASE_URL, schema });
  try {
    return {
      [`index build ${SEARCH_ROWS} rows, µs/row`]: String(buildMicros),
      ...(await timeQueries(store)),
    };
  } finally {
    await store.close();
    await client.query(`drop schema ${schema} cascade`);
  }
}

console.log(`history search bench: ${WRITE_ROWS} rows for write cost, ${SEARCH_ROWS} rows for queries`);
if (PARTS.includes('sqlite-write')) console.log('SQLite write cost', await sqliteWriteCost());
if (PARTS.includes('sqlite-scale')) console.log(`SQLite at ${SEARCH_ROWS} rows`, await sqliteAtScale());
if (DATABASE_URL !== undefined) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    if (PARTS.includes('pg-write')) console.log('PostgreSQL write cost', await pgWriteCost(client));
    if (PARTS.includes('pg-scale')) console.log(`PostgreSQL at ${SEARCH_ROWS} rows`, await pgAtScale(client));
  } finally {
    await client.end();
  }
}
