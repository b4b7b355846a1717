import type { DeliveryStats, InboundStats, StatsBucket } from '../api/types.ts';

/** A time window the home page offers, with the bucket size that gives it a readable number of points. */
export interface StatsWindow {
  readonly id: '1h' | '24h' | '7d';
  readonly label: string;
  readonly bucket: StatsBucket;
  readonly ms: number;
}

const HOUR = 3_600_000;

export const STATS_WINDOWS: readonly StatsWindow[] = [
  { id: '1h', label: 'Last hour', bucket: 'minute', ms: HOUR },
  { id: '24h', label: 'Last 24 hours', bucket: 'hour', ms: 24 * HOUR },
  { id: '7d', label: 'Last 7 days', bucket: 'day', ms: 7 * 24 * HOUR },
];

/** The window with this id; the first (shortest) one for anything else, e.g. a hand-edited URL. */
export function statsWindow(id: string | null): StatsWindow {
  return STATS_WINDOWS.find((w) => w.id === id) ?? (STATS_WINDOWS[0] as StatsWindow);
}

/** One line or stack layer of a chart: a value per bucket. */
export interface Series {
  readonly key: string;
  readonly values: readonly number[];
}

/** Requests per outcome per bucket, one series per outcome seen in the window, largest total first. */
export function outcomeSeries(stats: InboundStats): readonly Series[] {
  const totals = new Map<string, number>();
  for (const bucket of stats.buckets) {
    for (const [outcome, n] of Object.entries(bucket.counts))
      totals.set(outcome, (totals.get(outcome) ?? 0) + n);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => ({ key, values: stats.buckets.map((bucket) => bucket.counts[key] ?? 0) }));
}

/** The total of every series over the window. */
export function seriesTotal(series: readonly Series[]): number {
  return series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
}

/** Delivery success rate (percent, null for a bucket without attempts) and latency percentiles per bucket. */
export interface DeliverySeries {
  readonly successRate: readonly (number | null)[];
  readonly p50Ms: readonly (number | null)[];
  readonly p95Ms: readonly (number | null)[];
  readonly succeeded: number;
  readonly attempts: number;
}

export function deliverySeries(stats: DeliveryStats): DeliverySeries {
  let succeeded = 0;
  let attempts = 0;
  const successRate = stats.buckets.map((bucket) => {
    const ok = bucket.counts.SUCCESS ?? 0;
    const all = Object.values(bucket.counts).reduce((a, b) => a + b, 0);
    succeeded += ok;
    attempts += all;
    return all === 0 ? null : Math.round((ok / all) * 1000) / 10;
  });
  return {
    successRate,
    p50Ms: stats.buckets.map((bucket) => bucket.p50Ms),
    p95Ms: stats.buckets.map((bucket) => bucket.p95Ms),
    succeeded,
    attempts,
  };
}

/** A bucket start as a short axis label: time of day for minutes and hours, the date for days. */
export function bucketLabel(start: string, bucket: StatsBucket): string {
  const date = new Date(start);
  if (bucket === 'day') return date.toLocaleDateString(undefined, { month: 'short', day: '2-digit' });
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
