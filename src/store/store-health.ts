import { isStoreUnavailable } from './store-errors.ts';

/**
 * Whether the store is reachable, as its latest query found it: what `/readyz`, the operator's log and the
 * background workers need to know about an outage.
 */
export interface StoreHealth {
  /** False from a query that failed because the store was unreachable until a query succeeds again. */
  readonly available: boolean;
  /** Calls `listener` with the new state on every change; returns the function that stops the calls. */
  onChange(listener: (available: boolean) => void): () => void;
}

/** The store's side of its health: told the outcome of every query. */
export interface StoreHealthTracker extends StoreHealth {
  /**
   * Records what a query came back with: nothing (it succeeded) or its error. Only an error that
   * `isStoreUnavailable` recognises marks the store unavailable; any other answer proves it reachable.
   */
  observe(error?: unknown): void;
  /** Observes `work`'s outcome and passes it through unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** Creates a tracker that starts available (the store was opened and migrated before anyone asks). */
export function createStoreHealth(): StoreHealthTracker {
  let available = true;
  const listeners = new Set<(available: boolean) => void>();
  const observe = (error?: unknown): void => {
    const now = error === undefined || !isStoreUnavailable(error);
    if (now === available) return;
    available = now;
    for (const listener of listeners) listener(now);
  };
  return {
    get available() {
      return available;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    observe,
    track(work) {
      return work.then(
        (value) => {
          observe();
          return value;
        },
        (error: unknown) => {
          observe(error);
          throw error;
        },
      );
    },
  };
}
