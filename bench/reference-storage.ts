// The reference gateway's opt-in storage levels (BENCH_REFERENCE_STORAGE, see reference-server.ts): the same
// minimal code path writing what hookgate must write for each accepted request, one kept behaviour at a time,
// so that each level's extra CPU is the cost of that behaviour and hookgate ÷ the `search` level is the cost
// of hookgate's own code path.
//   events   the event row as hookgate stores it: hookgate's real schema (its migrations run on the fresh
//            database), so the row gets its stream position `seq`, a unique time-ordered id, the indexes
//            (connection_id, seq) and received_at, the connection foreign key, the headers as JSON text
//            and the body as bytes (BLOB / bytea);
//   history  + the accepted request's history row (text id primary key and its three indexes; the preview
//            is read from the event, as hookgate's accepted rows do);
//   search   + search indexing of the history rows: on SQLite hookgate's own slice indexer
//            (`createSearchIndexer`, FTS5 `history_fts` filled by `hookgate_search_document` on the writer
//            thread between commits), on PostgreSQL the migration's trigger that queues each inserted
//            history id, and hookgate's indexer (`createPgSearchIndexer`) after the commits.
// A level writes its rows with plain statements in the reference's own group commit: SQLite prepared INSERTs
// on a writer thread, PostgreSQL one statement per batch (one multi-row INSERT per table).
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { newId } from '../src/core/ids.ts';
import {
  EVENT_COLUMNS as EVENT_COLUMN_LIST,
  HISTORY_COLUMNS as HISTORY_COLUMN_LIST,
  PG_COLUMN_TYPES,
} from '../src/store/batch-columns.ts';
import type { Database } from '../src/store/database-schema.ts';
import { createStore } from '../src/store/index.ts';
import { CLAIM_TYPES } from '../src/store/pg-batch-commit.ts';
import { createPgSearchIndexer } from '../src/store/pg-search-indexer.ts';
import { SQLITE_FILE_NAME } from '../src/store/sqlite-writer/open-sqlite.ts';
import { createSearchIndexer, INDEX_SLICE_ROWS } from '../src/store/sqlite-writer/search-indexer.ts';
// Types only (erased when run): importing reference-server.ts itself would start a second server.
import type { Accepted, BatchStore } from './reference-server.ts';
import { commitThroughWorker } from './worker-commit.ts';

/** How much of hookgate's storage work the reference does; `minimal` is the issue's reference. */
export type StorageLevel = 'minimal' | 'events' | 'history' | 'search' | 'keys';

const LEVELS: readonly StorageLevel[] = ['minimal', 'events', 'history', 'search', 'keys'];

/** Whether `level` does the work of `floor` too: each level adds one piece to the one before it. */
function reaches(level: StorageLevel, floor: StorageLevel): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(floor);
}

/** The level named by `value` (unset: minimal); throws on an unknown name. */
export function storageLevel(value: string | undefined): StorageLevel {
  const level = LEVELS.find((known) => known === (value ?? 'minimal'));
  if (level === undefined) throw new Error(`BENCH_REFERENCE_STORAGE: ${value} is not one of ${LEVELS}`);
  return level;
}

/** The connection every event belongs to: the events' and history rows' foreign keys need its row. */
const CONNECTION_ID = 'con_reference';

/** The columns the levels write, in hookgate's binding order, and their PostgreSQL types. */
const EVENT_COLUMNS = EVENT_COLUMN_LIST.join(', ');
const HISTORY_COLUMNS = HISTORY_COLUMN_LIST.join(', ');
const CLAIM_COLUMNS = 'connection_id, key, event_id, created_at';
const EVENT_TYPES = EVENT_COLUMN_LIST.map((column) => PG_COLUMN_TYPES.events[column]);
const HISTORY_TYPES = HISTORY_COLUMN_LIST.map((column) => PG_COLUMN_TYPES.history[column]);

/** `?, ?, …`: one SQLite parameter per column. */
const placeholders = (columns: readonly string[]): string => columns.map(() => '?').join(', ');

/**
 * One request's rows as the writer binds them: the event's values, then (history level and above) the
 * history row's, then (keys level, a request with a key) the claim's. The body travels as text to the
 * SQLite writer thread (a string is cloned cheaply, a Buffer of Node's shared pool would clone the whole
 * pool) and is bound there as bytes; to PostgreSQL it goes as bytes (sent hex-encoded, pg's text format
 * for bytea).
 */
type LevelRow = [event: unknown[], history: unknown[] | null, claim: Claim | null];

/** An idempotency key claim, in the column order of `CLAIM_COLUMNS` (and of hookgate's `CLAIM_TYPES`). */
type Claim = [connectionId: string, key: string, eventId: string, createdAt: number];

/**
 * Headers as JSON text, the signature replaced as hookgate's history does (`[redacted]`); one text for both
 * rows. (Hookgate also leaves out the few headers it does not show: a handful of bytes here.)
 */
function headersJson(headers: Accepted['headers']): string {
  const kept: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    kept[name] = name === 'x-signature' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return JSON.stringify(kept);
}

/**
 * Ids as hookgate makes them (`evt_…`, `hst_…`, time-ordered): a random UUID would scatter the primary
 * keys' inserts over their b-trees.
 */
const newEventId = (): string => newId('evt');

/** The rows of one accepted request, body as given (`body`: text or bytes). */
function rowsOf(level: StorageLevel, accepted: Accepted, body: unknown): LevelRow {
  const eventId = accepted.id;
  const headers = headersJson(accepted.headers);
  const contentType = accepted.headers['content-type'] ?? null;
  const given = reaches(level, 'keys') ? accepted.headers['x-idempotency-key'] : undefined;
  const key = typeof given === 'string' ? given : null;
  const event = [eventId, CONNECTION_ID, accepted.receivedAt, contentType, headers, body, key];
  if (!reaches(level, 'history')) return [event, null, null];
  // An accepted row: no message, the preview read from the event (empty), no duplicate, contact or warning.
  const history = [
    ...[newId('hst'), CONNECTION_ID, accepted.receivedAt, 'ACCEPTED', null, headers, ''],
    ...[accepted.body.length, eventId, null, null, 1, null],
  ];
  const claim: Claim | null = key === null ? null : [CONNECTION_ID, key, eventId, accepted.receivedAt];
  return [event, history, claim];
}

/**
 * Creates hookgate's schema on the fresh database with hookgate's own migrations (then closes that store:
 * the reference writes through its own connections).
 */
async function migrate(options: { databaseUrl?: string; dataDir: string }): Promise<void> {
  const store = createStore(options);
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
}

/** SQLite: hookgate's schema in `<dir>/hookgate.db`, written by a writer thread (this file, below). */
export async function openSqliteLevel(dir: string, level: StorageLevel): Promise<BatchStore<LevelRow>> {
  await migrate({ dataDir: dir });
  const worker = new Worker(new URL(import.meta.url), { workerData: { dir, level } });
  return {
    eventId: newEventId,
    row: (accepted) => rowsOf(level, accepted, accepted.text),
    ...commitThroughWorker(worker),
  };
}

/**
 * The writer thread: each message is a batch, committed in one transaction with prepared INSERTs; replies
 * when durable. At the search level it then indexes the committed history rows with hookgate's indexer, a
 * full slice (INDEX_SLICE_ROWS, the size hookgate's writer aims for under load) whenever one has
 * accumulated, between two commits as hookgate's writer does. (Hookgate's writer also indexes smaller
 * remainders when it idles; under steady load that is a small share of the rows.)
 */
function runSqliteWriter({ dir, level }: { dir: string; level: StorageLevel }): void {
  const db = new DatabaseSync(`${dir}/${SQLITE_FILE_NAME}`);
  // The reference's pragmas, plus the foreign keys hookgate enforces (a lookup of the connection per row).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON');
  db.prepare(
    `insert into connections (id, name, mode, auth_config, enabled, created_at, updated_at)
       values (?, 'reference', 'hmac', '{}', 1, 0, 0)`,
  ).run(CONNECTION_ID);
  const insertEvent = db.prepare(
    `insert into events (${EVENT_COLUMNS}) values (${placeholders(EVENT_COLUMN_LIST)})`,
  );
  const insertHistory = db.prepare(
    `insert into history (${HISTORY_COLUMNS}) values (${placeholders(HISTORY_COLUMN_LIST)})`,
  );
  // As hookgate's writer claims a key: the holder comes back only when this request's claim won.
  const claimKey = db.prepare(
    `insert into idempotency_keys (${CLAIM_COLUMNS}) values (?, ?, ?, ?) on conflict do nothing returning event_id`,
  );
  const indexer = reaches(level, 'search') ? createSearchIndexer(db) : null;
  let unindexed = 0;
  parentPort?.on('message', (rows: LevelRow[]) => {
    db.exec('begin immediate');
    for (const [event, history, claim] of rows) {
      if (claim !== null && claimKey.get(...claim) === undefined) continue;
      event[5] = Buffer.from(event[5] as string);
      insertEvent.run(...(event as SQLInputValue[]));
      if (history !== null) insertHistory.run(...(history as SQLInputValue[]));
    }
    db.exec('commit');
    parentPort?.postMessage(rows.length);
    if (indexer === null) return;
    unindexed += rows.length;
    while (unindexed >= INDEX_SLICE_ROWS) {
      const indexed = indexer.indexSlice();
      if (indexed === 0) break;
      unindexed -= indexed;
    }
  });
}

/**
 * `($1, $2, …), (…)`: `rows` rows of `width` parameters, numbered from `first`; with `types`, each
 * parameter cast to its column's type (a VALUES list read by a SELECT has no column to infer it from).
 */
function valuesList(rows: number, width: number, first: number, types?: readonly string[]): string {
  const list: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const start = first + row * width;
    const parameter = (i: number) => `$${start + i}${types === undefined ? '' : `::${types[i]}`}`;
    list.push(`(${Array.from({ length: width }, (_, i) => parameter(i)).join(', ')})`);
  }
  return list.join(', ');
}

/**
 * PostgreSQL: hookgate's schema on the fresh database at `url`; each batch is one statement (one
 * multi-row INSERT per table, the event rows' in a WITH clause: atomic, one round trip, like the
 * reference's single INSERT). Without the search level the trigger that queues history rows for
 * search indexing is disabled: queueing is search work.
 */
export async function openPostgresLevel(url: string, level: StorageLevel): Promise<BatchStore<LevelRow>> {
  await migrate({ databaseUrl: url, dataDir: '' });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client's socket error is emitted on the pool; without a listener it would end the process.
  pool.on('error', () => undefined);
  await pool.query(
    `insert into connections (id, name, mode, auth_config, enabled, created_at, updated_at)
       values ($1, 'reference', 'hmac', '{}', true, 0, 0)`,
    [CONNECTION_ID],
  );
  const searching = reaches(level, 'search');
  if (!searching) await pool.query('alter table history disable trigger history_search_queue_inserted');
  // Hookgate's indexer runs on its own small pool through Kysely, as in hookgate's store.
  const indexPool = searching ? new pg.Pool({ connectionString: url, max: 1 }) : null;
  indexPool?.on('error', () => undefined);
  const indexDb = indexPool && new Kysely<Database>({ dialect: new PostgresDialect({ pool: indexPool }) });
  const indexer = indexDb && createPgSearchIndexer(indexDb);
  // Keys level: the claims first; only events whose claim won (or without a key) and their history rows.
  const claimingStatement = (rows: number, claims: number): string => {
    const firstEvent = claims * CLAIM_TYPES.length + 1;
    const firstHistory = firstEvent + rows * EVENT_TYPES.length;
    return `with
    claims as (insert into idempotency_keys (${CLAIM_COLUMNS}) values ${valuesList(claims, CLAIM_TYPES.length, 1, CLAIM_TYPES)}
      on conflict do nothing returning event_id),
    new_events as (insert into events (${EVENT_COLUMNS})
      select * from (values ${valuesList(rows, EVENT_TYPES.length, firstEvent, EVENT_TYPES)}) as e (${EVENT_COLUMNS})
      where e.idempotency_key is null or e.id in (select event_id from claims) returning id)
    insert into history (${HISTORY_COLUMNS})
      select * from (values ${valuesList(rows, HISTORY_TYPES.length, firstHistory, HISTORY_TYPES)}) as h (${HISTORY_COLUMNS})
      where h.event_id in (select id from new_events)`;
  };
  return {
    eventId: newEventId,
    row: (accepted) => rowsOf(level, accepted, accepted.body),
    async commit(rows) {
      const events = `insert into events (${EVENT_COLUMNS}) values ${valuesList(rows.length, EVENT_TYPES.length, 1)}`;
      if (level === 'events') {
        await pool.query(
          events,
          rows.flatMap(([event]) => event),
        );
        return;
      }
      const claims = rows.flatMap(([, , claim]) => claim ?? []);
      if (claims.length > 0) {
        await pool.query(claimingStatement(rows.length, claims.length / CLAIM_TYPES.length), [
          ...claims,
          ...rows.flatMap(([event]) => event),
          ...rows.flatMap(([, row]) => row ?? []),
        ]);
        indexer?.poke();
        return;
      }
      const history = `insert into history (${HISTORY_COLUMNS}) values ${valuesList(rows.length, HISTORY_TYPES.length, rows.length * EVENT_TYPES.length + 1)}`;
      await pool.query(`with new_events as (${events}) ${history}`, [
        ...rows.flatMap(([event]) => event),
        ...rows.flatMap(([, row]) => row ?? []),
      ]);
      indexer?.poke();
    },
    async close() {
      await indexer?.close();
      await indexDb?.destroy();
      await pool.end();
    },
  };
}

if (!isMainThread) runSqliteWriter(workerData as { dir: string; level: StorageLevel });
