import type { Clock } from '../core/index.ts';
import type { Logger } from '../observability/index.ts';
import type { StoreHealth } from '../store/index.ts';

/**
 * Logs each change of the store's reachability once: a warning when it is lost (from then on requests
 * that need the store answer 503 and the background workers retry quietly at their poll interval) and
 * a line with the outage's length when it is back. Returns the function that stops logging.
 */
export function logStoreHealth(health: StoreHealth, logger: Logger, clock: Clock): () => void {
  let lostAt = clock.now();
  return health.onChange((available) => {
    if (!available) {
      lostAt = clock.now();
      logger.warn('store unreachable: requests that need it answer 503 until it is back');
      return;
    }
    logger.info({ outageMs: clock.now() - lostAt }, 'store reachable again');
  });
}
