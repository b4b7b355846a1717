// The reference's SQLite side, shared by its minimal and hookgate-storage levels: batches go to a writer
// thread, which answers each one (in order) once it is durable.
import type { Worker } from 'node:worker_threads';
import type { BatchStore } from './reference-server.ts';

/** `commit` and `close` of a BatchStore whose batches `worker` commits, one answer per batch, in order. */
export function commitThroughWorker<Batched>(worker: Worker): Pick<BatchStore<Batched>, 'commit' | 'close'> {
  const waiting: (() => void)[] = [];
  worker.on('message', () => waiting.shift()?.());
  return {
    commit: (rows) =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        worker.postMessage(rows);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
