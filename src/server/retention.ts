import type { Clock } from '../core/index.ts';
import { runDeliveryRetention } from '../delivery/index.ts';
import type { Logger } from '../observability/index.ts';
import type { DeliveryQueueRepository, MaintenanceRepository } from '../store/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the retention job uses of the store: both purges, under the cluster-wide lock. */
export type RetentionStore = Pick<MaintenanceRepository, 'purge' | 'exclusive'> & {
  readonly delivery: Pick<DeliveryQueueRepository, 'purge'>;
};

/** How often the background purge runs. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** Retention settings, in days. */
export interface RetentionPolicy {
  readonly retentionDays: number;
  readonly idempotencyRetentionDays: number;
}

/**
 * Purges history rows and events older than the retention, idempotency keys older than theirs, and the
 * delivery log (attempts, finished messages) older than the retention.
 */
export async function runRetention(store: RetentionStore, clock: Clock, policy: RetentionPolicy) {
  const now = clock.now();
  const inbound = await store.purge(
    now - policy.retentionDays * DAY_MS,
    now - policy.idempotencyRetentionDays * DAY_MS,
  );
  const outbound = await runDeliveryRetention(store, clock, policy.retentionDays);
  return { ...inbound, ...outbound };
}

/** The lock the purge runs under, so that one instance of a cluster purges at a time. */
export const RETENTION_LOCK = 'retention';

/**
 * Runs the purge now and then every hour, on one instance of a cluster at a time (an instance that finds
 * another one purging skips this round); returns the function that stops it.
 */
export function startRetentionJob(
  store: RetentionStore,
  clock: Clock,
  policy: RetentionPolicy,
  logger: Logger,
): () => void {
  const tick = (): void => {
    store
      .exclusive(RETENTION_LOCK, () => runRetention(store, clock, policy))
      .then(
        (result) => {
          if (!result.ran) {
            logger.info('retention purge skipped: another instance is running it');
            return;
          }
          const purged = result.value;
          const total = purged.history + purged.events + purged.keys + purged.attempts + purged.messages;
          if (total > 0) logger.info({ purged }, 'retention purge');
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
