import type { Logger } from '../../observability/index.ts';
import { isStoreUnavailable } from '../../store/index.ts';

/** What the pump drives. */
export interface PumpTarget {
  readonly logger: Logger;
  readonly pollIntervalMs: number;
  /** True while the worker runs. */
  running(): boolean;
  /** How many more deliveries the worker can take now. */
  room(): number;
  /** Leases and starts up to `limit` deliveries; resolves with how many it started. */
  leaseAndStart(limit: number): Promise<number>;
  /** Milliseconds until an endpoint held back at its cluster-wide limit may be leased again, if any. */
  recheckIn?(): number | undefined;
}

/** The production loop: one leasing round at a time, re-run on demand, polling when idle. */
export interface Pump {
  /** Runs a leasing round now (or right after the current one). */
  kick(): void;
  /** Cancels the poll timer. */
  halt(): void;
}

/**
 * Creates the pump. A round leases batches while they come back full and there is room; when a round
 * finds nothing it sleeps `pollIntervalMs` (other processes' messages and due retries are found then), or
 * less when a held-back endpoint gets its next token sooner (so a shared rate limit is used in full);
 * `kick` wakes it at once (a local publish, a freed slot, a replay). A failed round is retried after
 * `pollIntervalMs` too: while the store is unreachable the worker tries once per interval, quietly (the
 * store's health logs the outage once), and resumes by itself when the store is back.
 */
export function createPump(target: PumpTarget, batchSize: number): Pump {
  let pumping = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delay: number): void => {
    if (!target.running() || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      kick();
    }, delay);
    timer.unref();
  };

  async function round(): Promise<boolean> {
    while (target.running()) {
      const limit = Math.min(batchSize, target.room());
      if (limit <= 0) return false;
      const started = await target.leaseAndStart(limit);
      if (started < limit) return started === 0;
    }
    return false;
  }

  function kick(): void {
    if (!target.running()) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    round()
      .catch((error: unknown) => {
        const level = isStoreUnavailable(error) ? 'debug' : 'warn';
        target.logger[level](
          { err: error instanceof Error ? error.message : 'unknown' },
          'delivery lease failed',
        );
        return true;
      })
      .then((idle) => {
        pumping = false;
        if (again) {
          again = false;
          kick();
        } else {
          const wait = idle ? target.pollIntervalMs : Math.min(target.pollIntervalMs, 50);
          schedule(Math.min(wait, Math.max(0, target.recheckIn?.() ?? wait)));
        }
      });
  }

  return {
    kick,
    halt() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
