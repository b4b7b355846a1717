/**
 * A Prometheus histogram for the inbound hot path: an observation is two additions to plain numbers, and
 * prom-client's registry formats the tallies only when the metrics are read. prom-client's own `Histogram`
 * validates, copies and hashes the labels on every `observe` (a pre-bound `labels()` child too), which
 * costs more than the rest of the observation. The exposition is the same as prom-client's histogram
 * gives: the same lines, labels, order and sums (added in the order observed).
 */

/** One exported line, as prom-client's registry reads it. */
interface ExportedValue {
  readonly labels: Record<string, string | number>;
  readonly sharedLabels: Record<string, string>;
  readonly value: number;
  readonly metricName: string;
}

/** The counts of one label value (one series). */
interface Series {
  readonly labels: Record<string, string>;
  /** Observations per bucket, not cumulative; the last slot counts those above every bound. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** What the histogram is created with. */
export interface TalliedHistogramOptions {
  readonly name: string;
  readonly help: string;
  /** Upper bounds in ascending order (`le`); `+Inf` is implied. */
  readonly buckets: readonly number[];
  /** The one label the series are told apart by; none = a single series, exported from the start. */
  readonly labelName?: string;
}

/**
 * The histogram; register it with `registry.registerMetric` (it has the shape prom-client's registry
 * reads: `name`, `help`, `type`, `aggregator`, `get`, `getForPromString`, `reset`).
 */
export class TalliedHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #bounds: readonly number[];
  readonly #labelName: string | undefined;
  /** By label value ('' when unlabelled), in the order first observed, as prom-client lists them. */
  #series = new Map<string, Series>();

  constructor(options: TalliedHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.#bounds = [...options.buckets];
    this.#labelName = options.labelName;
    this.reset();
  }

  /**
   * Counts one value (seconds, …) under `label` (the label's value; ignored without a label name).
   * Not finite values are refused as prom-client refuses them.
   */
  observe(value: number, label = ''): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const key = this.#labelName === undefined ? '' : label;
    let series = this.#series.get(key);
    if (series === undefined) {
      series = this.#newSeries(key);
      this.#series.set(key, series);
    }
    const bounds = this.#bounds;
    let slot = 0;
    while (slot < bounds.length && value > (bounds[slot] as number)) slot += 1;
    series.counts[slot] = (series.counts[slot] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  /** Forgets every observation (an unlabelled histogram keeps its one, zeroed series). */
  reset(): void {
    this.#series = new Map();
    if (this.#labelName === undefined) this.#series.set('', this.#newSeries(''));
  }

  /** The values as prom-client's registry formats them as text (labels apart from the series' labels). */
  getForPromString(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: ExportedValue[];
    aggregator: 'sum';
  }> {
    const values: ExportedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const series of this.#series.values()) {
      let cumulative = 0;
      this.#bounds.forEach((bound, slot) => {
        cumulative += series.counts[slot] ?? 0;
        values.push({
          labels: { le: bound },
          sharedLabels: series.labels,
          value: cumulative,
          metricName: bucket,
        });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: bucket },
        { labels: {}, sharedLabels: series.labels, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  /** The values with each series' labels merged into every line's (prom-client's `get()` shape). */
  async get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: Omit<ExportedValue, 'sharedLabels'>[];
    aggregator: 'sum';
  }> {
    const data = await this.getForPromString();
    const values = data.values.map(({ sharedLabels, labels, ...line }) => ({
      ...line,
      labels: { ...labels, ...sharedLabels },
    }));
    return { ...data, values };
  }

  #newSeries(key: string): Series {
    const labels: Record<string, string> = this.#labelName === undefined ? {} : { [this.#labelName]: key };
    return { labels, counts: new Array<number>(this.#bounds.length + 1).fill(0), sum: 0, count: 0 };
  }
}
