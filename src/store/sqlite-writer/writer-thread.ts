// The SQLite writer thread: commits group-commit batches on its own connection, so that the fsync of
// `synchronous=FULL` (and the SQL work of the batch) never blocks the gateway's event loop. Between
// batches it indexes committed history rows for search, a small slice at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase } from './open-sqlite.ts';
import { createPreparedBatchWriter } from './prepared-batch.ts';
import { createSearchIndexer, MAX_UNINDEXED_ROWS, type SearchIndexer } from './search-indexer.ts';
import { type CommitReply, type CommitRequest, serializeError } from './writer-protocol.ts';

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
/** Created on first use: the store is migrated before its first batch reaches this thread. */
let indexer: SearchIndexer | null | undefined;

/** The search indexer, or null when this database cannot have one (its error is not worth retrying). */
function searchIndexer(): SearchIndexer | null {
  if (indexer === undefined) {
    try {
      indexer = createSearchIndexer(database);
    } catch {
      indexer = null;
    }
  }
  return indexer;
}

/**
 * Queues one index slice behind the work already queued. It runs when no batch is waiting, or when the
 * backlog has grown past MAX_UNINDEXED_ROWS (so searches' scan of unindexed rows stays bounded), and
 * queues the next slice while rows remain.
 */
function scheduleIndexing(): void {
  if (sliceScheduled || closing) return;
  sliceScheduled = true;
  setImmediate(() => {
    previous = previous.then(() => {
      sliceScheduled = false;
      const search = searchIndexer();
      if (search === null || closing) return;
      try {
        const backlog = search.backlog();
        if (backlog === 0 || (waiting > 0 && backlog <= MAX_UNINDEXED_ROWS)) return;
        search.indexSlice();
        if (search.backlog() > 0) scheduleIndexing();
      } catch {
        // A failed slice changes nothing (rolled back); the next batch schedules another try.
      }
    });
  });
}

port.on('message', (request: CommitRequest | 'close') => {
  if (request === 'close') {
    closing = true;
    previous = previous.then(() => {
      database.close();
      port.close();
    });
    return;
  }
  waiting += 1;
  previous = previous.then(() =>
    commit(request.items)
      .then(
        (results) => port.postMessage({ id: request.id, ok: true, results } satisfies CommitReply),
        (error: unknown) =>
          port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies CommitReply),
      )
      .finally(() => {
        waiting -= 1;
        scheduleIndexing();
      }),
  );
});
