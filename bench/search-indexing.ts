// npm run bench:search-indexing: what indexing accepted events for history search costs the SQLite writer
// thread, and where it goes. Not a test: nothing is asserted; figures vary with the machine.
//
// A temp database migrated by the store receives EVENTS accepted events shaped like `npm run bench:cpu`'s
// requests (1 KB JSON body, the bench's headers) in group commits of BATCH (synchronous=FULL, as the writer
// thread commits them). Each scenario runs on a fresh database, the scenarios alternate within a round, and
// the CPU time of this thread (user and system; the writer thread's share in `bench:cpu`) per event is
// printed as the median over the rounds:
//   - `none`: commits only, no indexing at all (the floor);
//   - `every:K`: the writer's indexer (`indexSlice` until it has caught up) after every K-th commit;
//     `every:1` is what an idle writer did after every commit before slices were batched;
//   - `phases:K`: `every:K` with the steps of a slice timed apart (CPU time: backlog queries, reading rows,
//     building documents, FTS inserts, watermark, COMMIT), the rows read into JS and inserted one by one as
//     the indexer did before it used one INSERT … SELECT (`getrusage` per step: coarse for short steps).
//   A scenario may add `|<FTS5 options>` (the table is made again with them, e.g. `|tokenize='ascii'`)
//   and `|config:<name>=<value>` (FTS5 configuration, e.g. `|config:automerge=8`), `|slice:<rows>` (rows
//   per slice instead of INDEX_SLICE_ROWS).
// Env: BENCH_INDEX_EVENTS (20000), BENCH_INDEX_BATCH (20), BENCH_INDEX_ROUNDS (5),
//      BENCH_INDEX_SCENARIOS (comma-separated, default `none,every:1,every:10,phases:1`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { sqliteSearchBodyStart } from '../src/store/body-preview.ts';
import { searchDocument } from '../src/store/history-search.ts';
import { openSqliteDatabase } from '../src/store/sqlite-writer/open-sqlite.ts';
import { createPreparedBatchWriter } from '../src/store/sqlite-writer/prepared-batch.ts';
import { createSearchIndexer, INDEX_SLICE_ROWS } from '../src/store/sqlite-writer/search-indexer.ts';
import { toBatchItem, type WriteItem } from '../src/store/write-batch.ts';
import { benchAcceptItem, migrateWithConnection } from './bench-events.ts';

const EVENTS = Number(process.env.BENCH_INDEX_EVENTS ?? 20_000);
const BATCH = Number(process.env.BENCH_INDEX_BATCH ?? 20);
const ROUNDS = Number(process.env.BENCH_INDEX_ROUNDS ?? 5);
const SCENARIOS = (process.env.BENCH_INDEX_SCENARIOS ?? 'none,every:1,every:10,phases:1').split(',');
const CONNECTION = 'con_benchindex';

/** One accepted bench request on the bench connection. */
const acceptItem = (at: number): WriteItem => benchAcceptItem(CONNECTION, at);

async function freshDatabase(
  ftsOptions: readonly string[],
): Promise<{ dir: string; database: DatabaseSync }> {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-bench-index-'));
  await migrateWithConnection({ dataDir: dir }, CONNECTION);
  const database = openSqliteDatabase(dir);
  const config = ftsOptions.filter((option) => option.startsWith('config:'));
  const options = ftsOptions.filter(
    (option) => !option.startsWith('config:') && !option.startsWith('slice:'),
  );
  if (options.length > 0) {
    database.exec(`drop table history_fts; create virtual table history_fts using fts5(words, content='',
      contentless_delete=1, detail=none, ${options.join(', ')})`);
  }
  for (const option of config) {
    const [name, value] = option.slice('config:'.length).split('=');
    database.exec(`insert into history_fts (history_fts, rank) values ('${name}', ${Number(value)})`);
  }
  return { dir, database };
}

/** CPU time of this thread by phase of the instrumented slice (µs). */
const phases = new Map<string, number>();
let phasePrefix = '';
function timed<T>(phase: string, run: () => T): T {
  const started = process.threadCpuUsage();
  try {
    return run();
  } finally {
    const used = process.threadCpuUsage(started);
    phases.set(phasePrefix + phase, (phases.get(phasePrefix + phase) ?? 0) + used.user + used.system);
  }
}

/**
 * The indexer's slice taken apart, each step timed: rows read into JS, documents built, inserted one by one
 * (as `search-indexer.ts` did before it indexed a slice's new rows in one INSERT … SELECT).
 */
function instrumentedIndexer(database: DatabaseSync): () => void {
  const watermark = database.prepare('select indexed_upto as upto from history_search_state where id = 1');
  const newest = database.prepare('select coalesce(max(rowid), 0) as newest from history');
  const staleCount = database.prepare('select count(*) as n from history_search_stale');
  const pending = database.prepare(
    `select h.rowid, h.id, h.event_id, h.message, h.headers, ${sqliteSearchBodyStart('h')} as body_start
       from history h where h.rowid > ? order by h.rowid limit ${INDEX_SLICE_ROWS}`,
  );
  const insert = database.prepare('insert into history_fts (rowid, words) values (?, ?)');
  const advance = database.prepare('update history_search_state set indexed_upto = ? where id = 1');
  const upto = (): number => Number((watermark.get() as { upto: number }).upto);
  const backlog = (): number =>
    Number((newest.get() as { newest: number }).newest) -
    upto() +
    Number((staleCount.get() as { n: number }).n);
  const slice = () => {
    timed('begin (+pragma)', () => database.exec('PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE'));
    const rows = timed('read rows', () => pending.all(upto())) as unknown as (Parameters<
      typeof searchDocument
    >[0] & { rowid: number })[];
    const documents = timed('build documents (JS)', () => rows.map((row) => searchDocument(row)));
    timed('FTS insert (tokenize, hash)', () => {
      for (const [i, row] of rows.entries()) insert.run(row.rowid, documents[i] ?? '');
    });
    const last = rows.at(-1);
    if (last !== undefined) timed('watermark update', () => advance.run(last.rowid));
    timed('COMMIT (segment flush, automerge, WAL write)', () => database.exec('COMMIT'));
    timed('pragma back', () => database.exec('PRAGMA synchronous = FULL'));
  };
  return () => {
    while (timed('backlog queries', backlog) > 0) slice();
  };
}

/** Runs one scenario on a fresh database: this thread's CPU µs per event. */
async function run(scenario: string): Promise<{ user: number; system: number }> {
  const [schedule = 'none', ...ftsOptions] = scenario.split('|');
  const { dir, database } = await freshDatabase(ftsOptions);
  phasePrefix = `${schedule}: `;
  const commit = createPreparedBatchWriter(database);
  const sliceRows = ftsOptions.find((option) => option.startsWith('slice:'));
  const indexer = createSearchIndexer(
    database,
    Number(sliceRows?.slice('slice:'.length) ?? INDEX_SLICE_ROWS),
  );
  const instrumented = instrumentedIndexer(database);
  const every = Number(schedule.split(':')[1] ?? 1);
  const catchUp = () => {
    while (indexer.backlog() > 0) indexer.indexSlice();
  };
  const index = schedule === 'none' ? () => {} : schedule.startsWith('phases') ? instrumented : catchUp;
  const cpu = process.threadCpuUsage();
  let batches = 0;
  for (let i = 0; i < EVENTS; i += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => acceptItem(i + j));
    await commit(items.map(toBatchItem));
    batches += 1;
    if (batches % every === 0) index();
  }
  // What is left is indexed too, so every scenario that indexes indexed every row.
  if (schedule !== 'none') catchUp();
  const used = process.threadCpuUsage(cpu);
  database.close();
  rmSync(dir, { recursive: true, force: true });
  return { user: used.user / EVENTS, system: used.system / EVENTS };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round1 = (n: number): number => Math.round(n * 10) / 10;

const results = new Map<string, { user: number; system: number }[]>();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const scenario of SCENARIOS)
    results.set(scenario, [...(results.get(scenario) ?? []), await run(scenario)]);
}
const floor = results.get('none');
const floorCpu = floor === undefined ? 0 : median(floor.map((r) => r.user + r.system));
console.log(
  `${EVENTS} events in commits of ${BATCH}; median of ${ROUNDS} rounds, CPU µs per event (this thread):`,
);
console.table(
  [...results].map(([scenario, runs]) => ({
    scenario,
    user: round1(median(runs.map((r) => r.user))),
    system: round1(median(runs.map((r) => r.system))),
    cpu: round1(median(runs.map((r) => r.user + r.system))),
    'over none': round1(median(runs.map((r) => r.user + r.system)) - floorCpu),
  })),
);
if (phases.size > 0) {
  console.log('phases, CPU µs per event (this thread):');
  console.table([...phases].map(([phase, micros]) => ({ phase, micros: round1(micros / EVENTS / ROUNDS) })));
}
