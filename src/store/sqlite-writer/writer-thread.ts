// The SQLite writer thread: commits group-commit batches on its own connection, so that the fsync of
// `synchronous=FULL` (and the SQL work of the batch) never blocks the gateway's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { commitWriteBatch } from '../write-batch.ts';
import { openSqliteHandle } from './open-sqlite.ts';
import { type CommitReply, type CommitRequest, serializeError } from './writer-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('writer-thread.ts must run as a worker thread');
const handle = openSqliteHandle((workerData as { dataDir: string }).dataDir);

port.on('message', (request: CommitRequest | 'close') => {
  if (request === 'close') {
    handle.db.destroy().finally(() => {
      handle.close();
      port.close();
    });
    return;
  }
  commitWriteBatch(handle.db, request.items).then(
    (results) => port.postMessage({ id: request.id, ok: true, results } satisfies CommitReply),
    (error: unknown) =>
      port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies CommitReply),
  );
});
