import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../core/index.ts';
import type {
  DeliveryQueueRepository,
  ProcessingBacklog,
  ProcessingQueueRepository,
  QueueDepth,
  SecretAge,
  StatsStore,
} from '../store/index.ts';
import type { Logger } from './logger.ts';

/** The store reads behind the cluster gauges. */
export interface ClusterGaugeSource {
  readonly delivery: Pick<DeliveryQueueRepository, 'queueDepth'>;
  readonly processing: Pick<ProcessingQueueRepository, 'backlog'>;
  readonly stats: Pick<StatsStore, 'secretAges'>;
}

/** How long one read of the database serves scrapes (several Prometheus servers, or a quick re-scrape). */
export const CLUSTER_GAUGE_CACHE_MS = 5_000;

interface Snapshot {
  readonly at: number;
  readonly queue: QueueDepth;
  readonly backlog: ProcessingBacklog;
  readonly secrets: readonly SecretAge[];
}

/**
 * Registers gauges of the work shared by every instance, read from the database when scraped (so every
 * instance reports the same numbers, unlike the per-process counters): `hookgate_delivery_queue{state}`
 * (pending, retrying, dead), `hookgate_processing_backlog{state}` (running, expired) and
 * `hookgate_secret_age_seconds{kind,id}` (connections' and applications' current secrets). A read serves
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
      const [queue, backlog, secrets] = await Promise.all([
        source.delivery.queueDepth(),
        source.processing.backlog(now),
        source.stats.secretAges(),
      ]);
      return { at: now, queue, backlog, secrets };
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
  new Gauge({
    name: 'hookgate_secret_age_seconds',
    help: 'Age of the current secret of each connection and application (rotation reminders; nothing rotates by itself)',
    labelNames: ['kind', 'id'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const current = await snapshot();
      if (current === null) return;
      for (const secret of current.secrets) {
        this.set({ kind: secret.kind, id: secret.id }, Math.max(0, (current.at - secret.createdAt) / 1000));
      }
    },
  });
  stateGauge(
    'hookgate_processing_backlog',
    'Claimed inbound events not processed yet, by lease state (running, expired), cluster-wide',
    (current) => current.backlog,
  );
}
