// The yardstick for the inbound benchmark: a minimal *durable* gateway doing only the work every gateway that
// commits before its 202 must do — read the body, check an HMAC-SHA256 (constant time), JSON.parse, and
// commit one row per event (one table, one secondary index) in group commits before answering 202.
//   embedded: node:sqlite in WAL mode with synchronous=FULL, commits on a writer thread (fsync off the
//             event loop), like hookgate's embedded store;
//   BENCH_DATABASE_URL=postgres://…: one multi-row INSERT per batch on a fresh database (dropped at exit).
// Prints { url, secret } on stdout once ready. Not a product: no history, no idempotency, no processing.
// BENCH_REFERENCE_STORAGE=events|history|search|keys (default `minimal`: the above) makes the same server write
// what hookgate must store for each event, in hookgate's own schema, a layer at a time
// (bench/reference-storage.ts); `npm run bench:cpu` measures it as `reference:<level>`.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { commitThroughWorker } from './worker-commit.ts';

/** One event as committed: the row every durable gateway writes at the least. */
type Row = [id: string, connectionId: string, receivedAt: number, body: string];

const SCHEMA = `create table if not exists events (
  id text primary key, connection_id text not null, received_at bigint not null, body text not null)`;
const INDEX = 'create index if not exists events_by_connection on events (connection_id, received_at)';

if (!isMainThread) runSqliteWriter(workerData as { file: string });
else await main();

/** The writer thread: each message is a batch of rows, committed in one transaction; replies when durable. */
function runSqliteWriter({ file }: { file: string }): void {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
  db.exec(SCHEMA);
  db.exec(INDEX);
  const insert = db.prepare('insert into events (id, connection_id, received_at, body) values (?, ?, ?, ?)');
  parentPort?.on('message', (rows: Row[]) => {
    db.exec('begin');
    for (const row of rows) insert.run(...row);
    db.exec('commit');
    parentPort?.postMessage(rows.length);
  });
}

/** A store that commits batches of rows: `commit` resolves once the batch is durable. */
export interface BatchStore<Batched = Row> {
  /** A new event id. */
  eventId(): string;
  /** The row to commit for one accepted request. */
  row(accepted: Accepted): Batched;
  commit(rows: Batched[]): Promise<void>;
  close(): Promise<void>;
}

/** One accepted request, as the handler hands it to the store. */
export interface Accepted {
  readonly id: string;
  readonly receivedAt: number;
  readonly body: Buffer;
  readonly text: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The minimal reference's row: one per event, the body as text. */
function minimalRow({ id, receivedAt, text }: Accepted): Row {
  return [id, 'con_reference', receivedAt, text];
}

async function openSqlite(dir: string): Promise<BatchStore> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { file: join(dir, 'reference.db') } });
  return {
    eventId: randomUUID,
    row: minimalRow,
    ...commitThroughWorker(worker),
  };
}

async function openPostgres(url: string): Promise<BatchStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client's socket error is emitted on the pool; without a listener it would end the process.
  pool.on('error', () => undefined);
  await pool.query(SCHEMA);
  await pool.query(INDEX);
  return {
    eventId: randomUUID,
    row: minimalRow,
    async commit(rows) {
      const values = rows.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`);
      await pool.query(
        `insert into events (id, connection_id, received_at, body) values ${values.join(', ')}`,
        rows.flat(),
      );
    },
    close: () => pool.end(),
  };
}

/**
 * Group commit: rows arriving while a batch commits wait for the next one; one batch in flight at a time
 * (as hookgate's writer), so under load each commit carries many events.
 */
function groupCommit<Batched>(store: BatchStore<Batched>): (row: Batched) => Promise<void> {
  let pending: { row: Batched; done: () => void; fail: (e: unknown) => void }[] = [];
  let busy = false;
  const flush = (): void => {
    if (busy || pending.length === 0) return;
    const batch = pending;
    pending = [];
    busy = true;
    store
      .commit(batch.map((p) => p.row))
      .then(
        () => {
          for (const p of batch) p.done();
        },
        (error: unknown) => {
          for (const p of batch) p.fail(error);
        },
      )
      .finally(() => {
        busy = false;
        flush();
      });
  };
  return (row) =>
    new Promise<void>((done, fail) => {
      pending.push({ row, done, fail });
      queueMicrotask(flush);
    });
}

/** A storage level above minimal (bench/reference-storage.ts, loaded only then). */
async function openLevel(name: string, url: string | undefined, dir: string): Promise<BatchStore<unknown>> {
  const { openPostgresLevel, openSqliteLevel, storageLevel } = await import('./reference-storage.ts');
  const level = storageLevel(name);
  return url ? openPostgresLevel(url, level) : openSqliteLevel(dir, level);
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

async function main(): Promise<void> {
  const secret = randomBytes(32).toString('hex');
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const database = `hookgate_reference_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-reference-'));
  if (adminUrl) await adminQuery(adminUrl, `create database ${database}`);
  const url = adminUrl && Object.assign(new URL(adminUrl), { pathname: `/${database}` }).href;
  const level = process.env.BENCH_REFERENCE_STORAGE ?? 'minimal';
  const store: BatchStore<unknown> =
    level === 'minimal'
      ? await (url ? openPostgres(url) : openSqlite(dir))
      : await openLevel(level, url, dir);
  const commit = groupCommit(store);

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const expected = createHmac('sha256', secret).update(body).digest();
      const given = Buffer.from(String(request.headers['x-signature'] ?? ''), 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        answer(response, 401, '{"error":"UNAUTHORIZED"}');
        return;
      }
      const text = body.toString('utf8');
      try {
        JSON.parse(text);
      } catch {
        answer(response, 400, '{"error":"INVALID_JSON"}');
        return;
      }
      const id = store.eventId();
      commit(store.row({ id, receivedAt: Date.now(), body, text, headers: request.headers })).then(
        () => answer(response, 202, `{"id":"${id}","status":"accepted"}`),
        () => answer(response, 503, '{"error":"SERVICE_UNAVAILABLE"}'),
      );
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') {
      process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}`, secret })}\n`);
    }
  });
  process.on('SIGTERM', () => {
    server.close();
    store
      .close()
      .then(() => (adminUrl ? adminQuery(adminUrl, `drop database ${database}`) : undefined))
      .finally(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
  });
}
