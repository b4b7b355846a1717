// The SQLite checkpoint thread: copies the WAL back into the database file every CHECKPOINT_INTERVAL_MS
// on its own connection, so the writer thread's commits never pay for a checkpoint (SQLite's automatic
// checkpoint runs inside the commit that crosses the threshold and stalls every batch behind it).
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase } from './open-sqlite.ts';

/** How often the WAL is checkpointed; at full inbound load ~1 000 pages accumulate in this time. */
const CHECKPOINT_INTERVAL_MS = 100;

const port = parentPort;
if (port === null) throw new Error('checkpoint-thread.ts must run as a worker thread');
const database = openSqliteDatabase((workerData as { dataDir: string }).dataDir);
// PASSIVE: copy what no reader still needs, never wait for (or block) the writer or the readers.
const checkpoint = database.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // A failed round (e.g. a transient I/O error) is retried at the next tick; nothing is lost meanwhile.
  }
}, CHECKPOINT_INTERVAL_MS);

port.on('message', (message: 'close') => {
  if (message !== 'close') return;
  clearInterval(timer);
  database.close();
  port.close();
});
