import { EventEmitter } from 'node:events';
import type { HistoryRecord } from '../store/types.ts';

/** In-process fan-out of history rows as they are committed, for the live tail (SSE). */
export interface HistoryBus {
  publish(row: HistoryRecord): void;
  /** Calls `listener` for every row published from now on; returns the unsubscribe function. */
  subscribe(listener: (row: HistoryRecord) => void): () => void;
}

/** Creates a history bus. */
export function createHistoryBus(): HistoryBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (row) => {
      emitter.emit('row', row);
    },
    subscribe: (listener) => {
      emitter.on('row', listener);
      return () => {
        emitter.off('row', listener);
      };
    },
  };
}
