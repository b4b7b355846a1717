// The SQLite writer thread: commits group-commit batches on its own connection, so that the fsync of
// `synchronous=FULL` (and the SQL work of the batch) never blocks the gateway's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase } from './open-sqlite.ts';
import { createPreparedBatchWriter } from './prepared-batch.ts';
import { type CommitReply, type CommitRequest, serializeError } from './writer-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('writer-thread.ts must run as a worker thread');
const database = openSqliteDatabase((workerData as { dataDir: string }).dataDir);
const commit = createPreparedBatchWriter(database);

/** Batches run strictly one after the other, in the order they arrived. */
let previous: Promise<void> = Promise.resolve();

port.on('message', (request: CommitRequest | 'close') => {
  if (request === 'close') {
    previous = previous.then(() => {
      database.close();
      port.close();
    });
    return;
  }
  previous = previous.then(() =>
    commit(request.items).then(
      (results) => port.postMessage({ id: request.id, ok: true, results } satisfies CommitReply),
      (error: unknown) =>
        port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies CommitReply),
    ),
  );
});
