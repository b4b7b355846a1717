import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../core/clock.ts';
import type { QueueDepth } from '../store/delivery/delivery-inputs.ts';
import type { DeliveryStore } from '../store/delivery/delivery-types.ts';
import type { ProcessingBacklog, ProcessingStore } from '../store/processing/processing-types.ts';
import type { Logger } from './logger.ts';

/** The store reads behind the cluster gauges. */
export interface ClusterGaugeSource {
  readonly delivery: Pick<DeliveryStore, 'queueDepth'>;
  readonly processing: Pick<ProcessingStore, 'backlog'>;
}

/** How long one read of the database serves scrapes (several Prometheus servers, or a quick re-scrape). */
export const CLUSTER_GAUGE_CACHE_MS = 5_000;

interface Snapshot {
  readonly queue: QueueDepth;
  readonly backlog: ProcessingBacklog;
}

/**
 * Registers gauges of the work shared by every instance, read from the database when scraped (so every
 * instance reports the same numbers, unlike the per-process counters): `hookgate_delivery_queue{state}`
 * (pending, retrying, dead) and `hookgate_processing_backlog{state}` (running, expired). A read serves
 * scrapes for `cacheMs`; when the database cannot be read the gauges are left out of that scrape rather
 * than reporting stale numbers.
 */
export function registerClusterGauges(
  registry: Registry,
  source: ClusterGaugeSource,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly cacheMs?: number },
): void {
  const cacheMs = deps.cacheMs ?? CLUSTER_GAUGE_CACHE_MS;
  let cached: { at: number; snapshot: Promise<Snapshot | null> } | undefined;

  const read = async (now: number): Promise<Snapshot | null> => {
    try {
      const [queue, backlog] = await Promise.all([
        source.delivery.queueDepth(),
        source.processing.backlog(now),
      ]);
      return { queue, backlog };
    } catch (error) {
      deps.logger.warn(
        { err: error instanceof Error ? error.message : 'unknown' },
        'cluster gauges could not be read from the store',
      );
      cached = undefined;
      return null;
    }
  };

  const snapshot = (): Promise<Snapshot | null> => {
    const now = deps.clock.now();
    if (cached === undefined || now - cached.at >= cacheMs) cached = { at: now, snapshot: read(now) };
    return cached.snapshot;
  };

  /** A gauge with one series per state, set from the shared snapshot at each scrape. */
  const stateGauge = (name: string, help: string, counts: (current: Snapshot) => object): void => {
    new Gauge({
      name,
      help,
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const current = await snapshot();
        if (current === null) return;
        for (const [state, count] of Object.entries(counts(current))) this.set({ state }, Number(count));
      },
    });
  };
  stateGauge(
    'hookgate_delivery_queue',
    'Outbound deliveries in the shared queue by state (pending, retrying, dead), cluster-wide',
    (current) => current.queue,
  );
  stateGauge(
    'hookgate_processing_backlog',
    'Claimed inbound events not processed yet, by lease state (running, expired), cluster-wide',
    (current) => current.backlog,
  );
}
