// The SQLite writer thread: commits group-commit batches on its own connection, so that the fsync of
// `synchronous=FULL` (and the SQL work of the batch) never blocks the gateway's event loop. Between
// batches it indexes committed history rows for search, a slice at a time: once a slice's worth has
// accumulated, or when no batch has come for a moment.
import { parentPort, workerData } from 'node:worker_threads';
import type { WriteResult } from '../write-batch.ts';
import { decodeBatch } from './batch-transfer.ts';
import { openSqliteDatabase } from './open-sqlite.ts';
import { createPreparedBatchWriter } from './prepared-batch.ts';
import {
  createSearchIndexer,
  INDEX_IDLE_MS,
  INDEX_SLICE_ROWS,
  MAX_UNINDEXED_ROWS,
  type SearchIndexer,
} from './search-indexer.ts';
import { type CommitReply, type CommitRequest, firstIdsOf, serializeError } from './writer-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('writer-thread.ts must run as a worker thread');
const database = openSqliteDatabase((workerData as { dataDir: string }).dataDir);
const commit = createPreparedBatchWriter(database);

/** Batches (and index slices) run strictly one after the other, batches in the order they arrived. */
let previous: Promise<void> = Promise.resolve();
/** Batches received and not yet committed. */
let waiting = 0;
let closing = false;
let sliceScheduled = false;
/**
 * Committed history rows not indexed yet, as this thread counts them: the indexer's backlog when it last
 * looked, plus the rows of the batches committed since. Counting spares the backlog queries after every
 * commit; the indexer looks again after each slice and when the writer goes idle, which also brings in rows
 * it did not count (rows whose message changed, rows written before a restart).
 */
let unindexed = 0;
/** Fires when no batch has been committed for INDEX_IDLE_MS. */
let idleTimer: NodeJS.Timeout | undefined;
/** Created on first use: the store is migrated before its first batch reaches this thread. */
let indexer: SearchIndexer | null | undefined;

/** The search indexer, or null when this database cannot have one (its error is not worth retrying). */
function searchIndexer(): SearchIndexer | null {
  if (indexer === undefined) {
    try {
      indexer = createSearchIndexer(database);
      unindexed = indexer.backlog();
    } catch {
      indexer = null;
    }
  }
  return indexer;
}

/**
 * Queues index slices behind the work already queued. One runs when no batch is waiting, or anyway when
 * the backlog has grown past MAX_UNINDEXED_ROWS (so searches' scan of unindexed rows stays bounded); on an
 * idle writer slices follow each other until the backlog is empty, under load the rest waits for the next
 * full slice or the next idle moment.
 */
function scheduleIndexing(idle: boolean): void {
  if (sliceScheduled || closing) return;
  sliceScheduled = true;
  setImmediate(() => {
    previous = previous.then(() => {
      sliceScheduled = false;
      const search = searchIndexer();
      if (search === null || closing) return;
      try {
        if (idle) unindexed = search.backlog();
        if (unindexed === 0 || (waiting > 0 && unindexed <= MAX_UNINDEXED_ROWS)) return;
        search.indexSlice();
        unindexed = search.backlog();
        if (unindexed > 0) scheduleIndexing(idle);
      } catch {
        // A failed slice changes nothing (rolled back); the next commit or idle moment tries again.
      }
    });
  });
}

/** After each commit: index a full slice as soon as one has accumulated, and the rest once the writer idles. */
function committed(rows: number): void {
  if (closing) return;
  unindexed += rows;
  if (indexer !== null && unindexed >= INDEX_SLICE_ROWS) scheduleIndexing(false);
  if (idleTimer === undefined) idleTimer = setTimeout(() => scheduleIndexing(true), INDEX_IDLE_MS);
  else idleTimer.refresh();
}

/** Commits a batch as it arrived (see batch-transfer.ts); a batch that cannot be decoded rejects. */
async function commitRequest(request: CommitRequest): Promise<readonly WriteResult[]> {
  return commit(decodeBatch(request));
}

port.on('message', (request: CommitRequest | 'close') => {
  if (request === 'close') {
    closing = true;
    clearTimeout(idleTimer);
    previous = previous.then(() => {
      database.close();
      port.close();
    });
    return;
  }
  waiting += 1;
  previous = previous.then(() =>
    commitRequest(request)
      .then(
        (results) => {
          port.postMessage({ id: request.id, ok: true, firstIds: firstIdsOf(results) } satisfies CommitReply);
          committed(results.length);
        },
        (error: unknown) =>
          port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies CommitReply),
      )
      .finally(() => {
        waiting -= 1;
      }),
  );
});
