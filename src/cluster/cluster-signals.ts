import type { Clock } from '../core/index.ts';
import type { ConnectionCache } from '../ingest/index.ts';
import type { ClusterBus } from './cluster-bus.ts';

/**
 * The connection cache of one instance in a cluster: an invalidation here is also sent to the other
 * instances, theirs are applied here, and after a channel outage (signals may have been lost) the whole
 * cache is dropped. The cache's TTL stays the fallback for a signal that never arrives.
 */
export function shareConnectionInvalidations(cache: ConnectionCache, bus: ClusterBus): ConnectionCache {
  bus.subscribe('connection', (connectionId, fromThisInstance) => {
    if (!fromThisInstance) cache.invalidate(connectionId);
  });
  bus.onResync(() => cache.clear());
  return {
    load: (connectionId, now) => cache.load(connectionId, now),
    invalidate(connectionId) {
      cache.invalidate(connectionId);
      bus.publish('connection', connectionId);
    },
    clear: () => cache.clear(),
  };
}

/**
 * Wakes the delivery worker of this instance when another instance queued deliveries and tells the others
 * when this one did, so whichever instance has room picks the work up at once instead of at its next poll.
 * Returns the function to call after queuing work here (it wakes the local worker too).
 */
export function shareDeliveryWakeUps(bus: ClusterBus, wake: () => void): () => void {
  bus.subscribe('delivery', (_payload, fromThisInstance) => {
    if (!fromThisInstance) wake();
  });
  bus.onResync(wake);
  return () => {
    wake();
    bus.publish('delivery', '');
  };
}

/** The least time between two calls for help from one instance's processing worker. */
export const PROCESSING_HELP_INTERVAL_MS = 1000;

/**
 * Processing across a cluster: the instance that accepted an event processes it at once; when its backlog
 * grows beyond a batch, it asks the others (at most once a second) to scan the store, so an instance with
 * room claims part of it (claims are unique, so nothing is processed twice). Returns the function to call
 * after each accepted event.
 */
export function shareProcessingBacklog(
  bus: ClusterBus,
  worker: { wake(): void; readonly backlog: number },
  clock: Clock,
  batchSize = 100,
): () => void {
  bus.subscribe('processing', (_payload, fromThisInstance) => {
    if (!fromThisInstance) worker.wake();
  });
  bus.onResync(() => worker.wake());
  let lastAsked = Number.NEGATIVE_INFINITY;
  return () => {
    if (worker.backlog <= batchSize || clock.now() - lastAsked < PROCESSING_HELP_INTERVAL_MS) return;
    lastAsked = clock.now();
    bus.publish('processing', '');
  };
}
