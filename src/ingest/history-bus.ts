import { EventEmitter } from 'node:events';
import type { ForwardChange, ForwardSummary, HistoryRecord } from '../store/index.ts';

/**
 * A row's forward as the publisher knows it: the summary, null when its event is not forwarded, or
 * undefined when the publisher does not know (a subscriber that shows it reads it from the store).
 */
export type KnownForward = ForwardSummary | null | undefined;

/**
 * In-process fan-out for the live tail (SSE): history rows as they are committed or updated, and forwards
 * whose state changed (an attempt was recorded).
 */
export interface HistoryBus {
  publish(row: HistoryRecord, forward?: KnownForward): void;
  /** Calls `listener` for every row published from now on; returns the unsubscribe function. */
  subscribe(listener: (row: HistoryRecord, forward: KnownForward) => void): () => void;
  /** Publishes the new state of an event's forward. */
  publishForward(change: ForwardChange): void;
  /** Calls `listener` for every forward change published from now on; returns the unsubscribe function. */
  subscribeForward(listener: (change: ForwardChange) => void): () => void;
}

/** Creates a history bus. */
export function createHistoryBus(): HistoryBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const on = <A extends unknown[]>(name: string, listener: (...args: A) => void) => {
    const wrapped = (...args: unknown[]) => listener(...(args as A));
    emitter.on(name, wrapped);
    return () => {
      emitter.off(name, wrapped);
    };
  };
  return {
    publish: (row, forward) => {
      emitter.emit('row', row, forward);
    },
    subscribe: (listener) => on('row', listener),
    publishForward: (change) => {
      emitter.emit('forward', change);
    },
    subscribeForward: (listener) => on('forward', listener),
  };
}
