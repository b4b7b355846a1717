import pg from 'pg';

/** Told about an error a `pg` client or pool emitted (the process would otherwise crash on it). */
export type PgErrorHandler = (error: Error) => void;

/**
 * Attaches `onError` to a `pg` client (or pool) and returns it. A `pg.Client` emits `'error'` when its
 * socket fails (reset, server shutdown) — also while a query runs, when no pool listener is attached —
 * and an `'error'` without a listener ends the process. Every client and pool hookgate creates goes
 * through this (or `pgClientClass`); a dedicated client (e.g. one that LISTENs) must too.
 */
export function handlePgErrors<T extends pg.Client | pg.Pool>(emitter: T, onError: PgErrorHandler): T {
  (emitter as NodeJS.EventEmitter).on('error', onError);
  return emitter;
}

/**
 * A `pg.Client` class whose instances call `onError` for every `'error'` from the moment they exist: pass
 * it as a pool's `Client`, so a client checked out of the pool (which `pg-pool` leaves without a listener
 * while it is in use) cannot crash the process when its connection breaks mid-query.
 */
export function pgClientClass(onError: PgErrorHandler): typeof pg.Client {
  return class GuardedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      handlePgErrors(this, onError);
    }
  };
}
