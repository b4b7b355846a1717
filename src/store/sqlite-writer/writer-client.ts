import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { WriteItem, WriteResult } from '../write-batch.ts';
import { type CommitReply, deserializeError } from './writer-protocol.ts';

/** The main thread's side of the SQLite writer thread. */
export interface SqliteWriter {
  /** Commits one batch in one transaction on the writer thread; resolves once it is durable. */
  commit(items: readonly WriteItem[]): Promise<readonly WriteResult[]>;
  /** Closes the writer's connection and ends the thread (after the batches in flight). */
  close(): Promise<void>;
}

/** The writer thread's module: `.ts` when running from source, `.js` from the build. */
function writerModule(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./writer-thread.${extension}`, import.meta.url);
}

/**
 * Starts the writer thread on `<dataDir>/hookgate.db`. Batches are answered in order; if the thread dies,
 * every pending batch is rejected (nothing is acknowledged that was not committed).
 */
export function startSqliteWriter(dataDir: string): SqliteWriter {
  const worker = new Worker(writerModule(), { workerData: { dataDir } });
  worker.unref();
  const pending = new Map<
    number,
    { resolve: (r: readonly WriteResult[]) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (error: Error): void => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: CommitReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.results);
    else waiter?.reject(deserializeError(reply.error));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => failAll(failure ?? new Error('the SQLite writer thread has stopped')));
  return {
    commit(items) {
      if (failure !== null) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, items });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      }) as Promise<readonly WriteResult[]>;
    },
    async close() {
      if (failure !== null) return;
      const exited = once(worker, 'exit');
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
