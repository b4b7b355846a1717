import { Counter, collectDefaultMetrics, Histogram, type Metric, Registry } from 'prom-client';
import { TalliedHistogram } from './tallied-histogram.ts';

/** The gateway's Prometheus metrics, on a registry of their own (no global state). */
export interface Metrics {
  readonly registry: Registry;
  /** Inbound requests by connection id and history outcome (count them with `countInbound`). */
  readonly inboundRequests: Counter<'connection' | 'outcome'>;
  /**
   * Counts one inbound request in `inboundRequests`. The hot path's counts are kept in a plain map and
   * handed to prom-client when the metrics are read, which spares every request prom-client's label
   * validation and hashing.
   */
  countInbound(connection: string, outcome: string): void;
  /** Refused inbound requests answered 429 because their connection or source address was over its limit. */
  readonly refusalsLimited: Counter<'scope'>;
  /** Time spent verifying an inbound request, seconds, by mode: `observe(seconds, mode)`. */
  readonly verifyDuration: TalliedHistogram;
  /** Time from handing an event to the store until its commit is durable, seconds: `observe(seconds)`. */
  readonly storeCommitDuration: TalliedHistogram;
  /** Outbound delivery attempts by endpoint id and attempt status (SUCCESS, FAILED). */
  readonly deliveryAttempts: Counter<'endpoint' | 'status'>;
  /** Duration of outbound delivery attempts (connect to response, or to the failure), seconds. */
  readonly deliveryDuration: Histogram<never>;
  /** Forward attempts by connection id and the state each led to (delivered, pending, failed, dead). */
  readonly forwards: Counter<'connection' | 'status'>;
}

/**
 * Creates the metrics and their registry, with prom-client's standard process and Node.js metrics
 * (`process_cpu_seconds_total`, `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, heap,
 * handles, GC) under their usual names, so stock dashboards and alerts work unchanged.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Counts not yet handed to the counter, by connection and outcome. Bounded like prom-client's own series:
  // one entry per connection and outcome seen.
  const uncounted = new Map<string, Map<string, { n: number }>>();
  const inboundRequests = new Counter({
    name: 'hookgate_inbound_requests_total',
    help: 'Inbound webhook requests by connection and outcome',
    labelNames: ['connection', 'outcome'] as const,
    registers: [registry],
    collect() {
      for (const [connection, outcomes] of uncounted) {
        for (const [outcome, tally] of outcomes) {
          if (tally.n > 0) this.inc({ connection, outcome }, tally.n);
          tally.n = 0;
        }
      }
    },
  });
  const countInbound = (connection: string, outcome: string): void => {
    let outcomes = uncounted.get(connection);
    if (outcomes === undefined) {
      outcomes = new Map();
      uncounted.set(connection, outcomes);
    }
    const tally = outcomes.get(outcome);
    if (tally === undefined) outcomes.set(outcome, { n: 1 });
    else tally.n += 1;
  };
  const refusalsLimited = new Counter({
    name: 'hookgate_inbound_refusals_limited_total',
    help: 'Refused inbound requests answered 429 (over the refusal limit), by scope (connection, address)',
    labelNames: ['scope'] as const,
    registers: [registry],
  });
  // Observed on every inbound request: tallied outside prom-client (see `TalliedHistogram`), registered
  // here so that /metrics lists them where it always has.
  const verifyDuration = new TalliedHistogram({
    name: 'hookgate_verify_duration_seconds',
    help: 'Time spent verifying inbound requests',
    labelName: 'mode',
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1],
  });
  registry.registerMetric(verifyDuration as unknown as Metric);
  const storeCommitDuration = new TalliedHistogram({
    name: 'hookgate_store_commit_duration_seconds',
    help: 'Time until an accepted event is durably committed',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });
  registry.registerMetric(storeCommitDuration as unknown as Metric);
  const deliveryAttempts = new Counter({
    name: 'hookgate_delivery_attempts_total',
    help: 'Outbound delivery attempts by endpoint and status',
    labelNames: ['endpoint', 'status'] as const,
    registers: [registry],
  });
  const deliveryDuration = new Histogram({
    name: 'hookgate_delivery_duration_seconds',
    help: 'Duration of outbound delivery attempts',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });
  const forwards = new Counter({
    name: 'hookgate_forwards_total',
    help: 'Forward attempts by connection and the forward status they led to',
    labelNames: ['connection', 'status'] as const,
    registers: [registry],
  });
  return {
    registry,
    forwards,
    inboundRequests,
    countInbound,
    refusalsLimited,
    verifyDuration,
    storeCommitDuration,
    deliveryAttempts,
    deliveryDuration,
  };
}
