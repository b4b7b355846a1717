import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type BatchItem, toBatchItem, type WriteItem, type WriteResult } from '../write-batch.ts';
import { encodeBatch } from './batch-transfer.ts';
import { type CommitReply, type CommitRequest, deserializeError, resultsOf } from './writer-protocol.ts';

/** The main thread's side of the SQLite writer thread. */
export interface SqliteWriter {
  /** Commits one batch in one transaction on the writer thread; resolves once it is durable. */
  commit(items: readonly WriteItem[]): Promise<readonly WriteResult[]>;
  /** Closes the writer's connection and ends the thread (after the batches in flight). */
  close(): Promise<void>;
}

/** A thread module of this folder: `.ts` when running from source, `.js` from the build. */
function threadModule(name: 'writer-thread' | 'checkpoint-thread'): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./${name}.${extension}`, import.meta.url);
}

/**
 * Starts the writer thread on `<dataDir>/hookgate.db`. Batches are answered in order; if the thread dies,
 * every pending batch is rejected (nothing is acknowledged that was not committed).
 */
export function startSqliteWriter(dataDir: string): SqliteWriter {
  const worker = new Worker(threadModule('writer-thread'), { workerData: { dataDir } });
  worker.unref();
  // Checkpoints run beside the writer, on their own thread, for as long as the writer runs.
  const checkpointer = new Worker(threadModule('checkpoint-thread'), { workerData: { dataDir } });
  checkpointer.unref();
  // Should it ever stop, committing connections checkpoint by themselves again (the safety net).
  checkpointer.on('error', () => {});
  const checkpointerExited = new Promise<void>((resolve) => checkpointer.once('exit', () => resolve()));
  const pending = new Map<
    number,
    {
      readonly items: readonly BatchItem[];
      readonly resolve: (r: readonly WriteResult[]) => void;
      readonly reject: (e: unknown) => void;
    }
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
    if (waiter === undefined) return;
    pending.delete(reply.id);
    if (!reply.ok) {
      waiter.reject(deserializeError(reply.error));
      return;
    }
    try {
      waiter.resolve(resultsOf(waiter.items, reply.firstIds));
    } catch (error) {
      waiter.reject(error);
    }
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => failAll(failure ?? new Error('the SQLite writer thread has stopped')));
  return {
    commit(items) {
      if (failure !== null) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        // Mapped here, on the main thread, so that the writer binds the values as they arrive.
        const batch = items.map(toBatchItem);
        const request: CommitRequest = { id, ...encodeBatch(batch) };
        pending.set(id, { items: batch, resolve, reject });
        worker.ref();
        worker.postMessage(request, [request.bytes]);
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      }) as Promise<readonly WriteResult[]>;
    },
    async close() {
      // Referenced while closing: an unreferenced thread would let the process exit before close resolves.
      checkpointer.ref();
      checkpointer.postMessage('close');
      await checkpointerExited;
      if (failure !== null) return;
      const exited = once(worker, 'exit');
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
