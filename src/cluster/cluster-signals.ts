import type { ConnectionCache } from '../ingest/connection-cache.ts';
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
 * Wakes a worker of this instance when another instance queued work (`delivery`) and tells the others
 * when this one did, so whichever instance has room picks the work up at once instead of at its next poll.
 * Returns the function to call after queuing work here (it wakes the local worker too).
 */
export function shareWakeUps(
  bus: ClusterBus,
  topic: 'delivery' | 'processing',
  wake: () => void,
): () => void {
  bus.subscribe(topic, (_payload, fromThisInstance) => {
    if (!fromThisInstance) wake();
  });
  bus.onResync(wake);
  return () => {
    wake();
    bus.publish(topic, '');
  };
}
