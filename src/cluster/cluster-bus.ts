import { EventEmitter } from 'node:events';

/**
 * What instances tell each other. Payloads are short strings (ids), never rows or secrets: a receiver
 * reads what it needs from the shared store.
 * - `history`: a history row was written or updated (payload: its id), for the live tail;
 * - `forward`: an event's forward state changed (payload: the event id and its connection id, space
 *   separated), for the live tail;
 * - `connection`: a connection or its credentials changed or were deleted (payload: its id);
 * - `delivery`: outbound deliveries were queued (payload empty): wake the delivery workers;
 * - `processing`: an instance has more accepted events than it can process at once (payload empty):
 *   the others scan for unclaimed ones.
 * Outbound endpoints need no signal: every lease reads the endpoint row, no instance caches it.
 */
export type ClusterTopic = 'history' | 'forward' | 'connection' | 'delivery' | 'processing';

/**
 * The cluster signal channel: fan-out of short signals to every instance, this one included. Delivery is
 * best effort: a receiver that may have missed signals (its channel was down) hears `onResync`, and every
 * consumer keeps a fallback (cache TTLs, worker polling), so a lost signal delays, never loses, work.
 */
export interface ClusterBus {
  /** Sends `payload` on `topic` to every subscriber of every instance; never throws. */
  publish(topic: ClusterTopic, payload: string): void;
  /** Calls `listener` for every signal on `topic` from now on; returns the unsubscribe function. */
  subscribe(topic: ClusterTopic, listener: (payload: string, fromThisInstance: boolean) => void): () => void;
  /** Calls `listener` after the channel came back from an outage (signals may have been lost meanwhile). */
  onResync(listener: () => void): () => void;
  /** False while the channel to the other instances is down (always true in a single process). */
  readonly connected: boolean;
  /** Stops listening; later publishes are dropped. */
  close(): Promise<void>;
}

/** Local fan-out shared by both implementations: subscribers of this process, by topic. */
export class LocalFanOut {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** Delivers one signal to this process's subscribers of `topic`. */
  emit(topic: ClusterTopic, payload: string, fromThisInstance: boolean): void {
    this.#emitter.emit(topic, payload, fromThisInstance);
  }

  on(topic: ClusterTopic, listener: (payload: string, fromThisInstance: boolean) => void): () => void {
    this.#emitter.on(topic, listener);
    return () => {
      this.#emitter.off(topic, listener);
    };
  }

  onResync(listener: () => void): () => void {
    this.#emitter.on('resync', listener);
    return () => {
      this.#emitter.off('resync', listener);
    };
  }

  resync(): void {
    this.#emitter.emit('resync');
  }
}

/**
 * The single-process bus (embedded SQLite, tests): a signal reaches this process's subscribers at once,
 * which is exactly what one process needs.
 */
export function createLocalClusterBus(): ClusterBus {
  const local = new LocalFanOut();
  return {
    connected: true,
    publish: (topic, payload) => local.emit(topic, payload, true),
    subscribe: (topic, listener) => local.on(topic, listener),
    onResync: (listener) => local.onResync(listener),
    close: async () => {},
  };
}
