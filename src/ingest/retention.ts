import type { Clock } from '../core/clock.ts';
import type { Logger } from '../observability/logger.ts';
import type { Store } from '../store/types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How often the background purge runs. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** Retention settings, in days. */
export interface RetentionPolicy {
  readonly retentionDays: number;
  readonly idempotencyRetentionDays: number;
}

/** Purges history rows and events older than the retention, and idempotency keys older than theirs. */
export async function runRetention(store: Store, clock: Clock, policy: RetentionPolicy) {
  const now = clock.now();
  return store.purge(now - policy.retentionDays * DAY_MS, now - policy.idempotencyRetentionDays * DAY_MS);
}

/** Runs the purge now and then every hour; returns the function that stops it. */
export function startRetentionJob(
  store: Store,
  clock: Clock,
  policy: RetentionPolicy,
  logger: Logger,
): () => void {
  const tick = (): void => {
    runRetention(store, clock, policy).then(
      (purged) => {
        if (purged.history + purged.events + purged.keys > 0) logger.info({ purged }, 'retention purge');
      },
      (error: unknown) =>
        logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'retention purge failed'),
    );
  };
  tick();
  const timer = setInterval(tick, RETENTION_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
