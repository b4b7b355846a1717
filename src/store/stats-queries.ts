import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.ts';

/** A time window cut into buckets of `bucketMs`; `since` is inclusive, `until` exclusive (epoch ms). */
export interface StatsWindow {
  readonly since: number;
  readonly until: number;
  readonly bucketMs: number;
}

/** How many rows of one kind (an outcome, a status, a latency bin) fell into one time bucket. */
export interface BucketCount {
  /** Start of the bucket, epoch ms (a multiple of `bucketMs`). */
  readonly bucket: number;
  readonly key: string;
  readonly count: number;
}

/** Per-connection totals over a window, for "which connections refuse the most". */
export interface ConnectionCount {
  readonly connectionId: string;
  readonly name: string;
  readonly outcome: string;
  readonly count: number;
}

/**
 * Upper bounds (ms) of the latency bins delivery latencies are counted in: roughly ×1.5 apart, so a
 * percentile read from them is within half a bin of the true value. The last bin is open-ended.
 */
export const LATENCY_BINS_MS = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500,
  10_000, 15_000, 20_000, 30_000, 60_000,
] as const;

/** When the current (non-expiring) secret of a connection or an application was created. */
export interface SecretAge {
  readonly kind: 'connection' | 'application';
  readonly id: string;
  readonly createdAt: number;
}

/** The read-only aggregate queries behind `/api/v1/stats`: computed from the store, so cluster-wide. */
export interface StatsStore {
  /** History rows per bucket and outcome (all connections, or one). */
  inboundCounts(window: StatsWindow, connectionId?: string): Promise<BucketCount[]>;
  /** History rows per connection and outcome over the whole window. */
  connectionCounts(since: number, until: number): Promise<ConnectionCount[]>;
  /** Delivery attempts per bucket and status, and per bucket and latency bin (key = bin index). */
  deliveryCounts(
    window: StatsWindow,
    filter: { applicationId?: string; endpointId?: string },
  ): Promise<{ statuses: BucketCount[]; latencies: BucketCount[] }>;
  /** The creation time of every connection's and application's current secret (`hookgate_secret_age_seconds`). */
  secretAges(): Promise<SecretAge[]>;
}

/** `floor(column / bucketMs) * bucketMs` — integer division on both engines (the columns are integers). */
function bucketOf(column: string, bucketMs: number) {
  return sql<number>`(${sql.ref(column)} / ${sql.lit(bucketMs)}) * ${sql.lit(bucketMs)}`;
}

/** The index of the latency bin a `latency_ms` falls into, as one CASE expression over LATENCY_BINS_MS. */
const latencyBin = sql<number>`case ${sql.join(
  LATENCY_BINS_MS.map((bound, index) => sql`when latency_ms <= ${sql.lit(bound)} then ${sql.lit(index)}`),
  sql` `,
)} else ${sql.lit(LATENCY_BINS_MS.length)} end`;

const toCount = (row: { bucket: number | string; key: string | number; count: number | string }) => ({
  bucket: Number(row.bucket),
  key: String(row.key),
  count: Number(row.count),
});

/** The store's aggregate queries over one Kysely instance (both engines). */
export function createStatsStore(db: Kysely<Database>): StatsStore {
  return {
    async inboundCounts(window, connectionId) {
      let query = db
        .selectFrom('history')
        .select([
          bucketOf('received_at', window.bucketMs).as('bucket'),
          'outcome as key',
          (eb) => eb.fn.countAll<number>().as('count'),
        ])
        .where('received_at', '>=', window.since)
        .where('received_at', '<', window.until);
      if (connectionId !== undefined) query = query.where('connection_id', '=', connectionId);
      const rows = await query.groupBy(['bucket', 'outcome']).orderBy('bucket').execute();
      return rows.map(toCount);
    },

    async connectionCounts(since, until) {
      const rows = await db
        .selectFrom('history')
        .innerJoin('connections', 'connections.id', 'history.connection_id')
        .select([
          'history.connection_id',
          'connections.name',
          'history.outcome',
          (eb) => eb.fn.countAll<number>().as('count'),
        ])
        .where('history.received_at', '>=', since)
        .where('history.received_at', '<', until)
        .groupBy(['history.connection_id', 'connections.name', 'history.outcome'])
        .execute();
      return rows.map((row) => ({
        connectionId: row.connection_id,
        name: row.name,
        outcome: row.outcome,
        count: Number(row.count),
      }));
    },

    async deliveryCounts(window, filter) {
      let base = db
        .selectFrom('delivery_attempts')
        .where('created_at', '>=', window.since)
        .where('created_at', '<', window.until);
      if (filter.endpointId !== undefined) base = base.where('endpoint_id', '=', filter.endpointId);
      if (filter.applicationId !== undefined) {
        const applicationId = filter.applicationId;
        base = base.where('endpoint_id', 'in', (eb) =>
          eb.selectFrom('delivery_endpoints').select('id').where('application_id', '=', applicationId),
        );
      }
      const bucket = bucketOf('created_at', window.bucketMs).as('bucket');
      const [statuses, latencies] = await Promise.all([
        base
          .select([bucket, 'status as key', (eb) => eb.fn.countAll<number>().as('count')])
          .groupBy(['bucket', 'status'])
          .orderBy('bucket')
          .execute(),
        base
          .select([bucket, latencyBin.as('key'), (eb) => eb.fn.countAll<number>().as('count')])
          .groupBy(['bucket', 'key'])
          .orderBy('bucket')
          .execute(),
      ]);
      return { statuses: statuses.map(toCount), latencies: latencies.map(toCount) };
    },

    async secretAges() {
      const [connections, applications] = await Promise.all([
        db
          .selectFrom('secret_versions')
          .select(['connection_id as id', 'created_at'])
          .where('expires_at', 'is', null)
          .execute(),
        db
          .selectFrom('delivery_secrets')
          .innerJoin('delivery_applications', 'delivery_applications.id', 'delivery_secrets.owner_id')
          .select(['delivery_secrets.owner_id as id', 'delivery_secrets.created_at'])
          .where('delivery_secrets.expires_at', 'is', null)
          .execute(),
      ]);
      return [
        ...connections.map((row) => ({
          kind: 'connection' as const,
          id: row.id,
          createdAt: Number(row.created_at),
        })),
        ...applications.map((row) => ({
          kind: 'application' as const,
          id: row.id,
          createdAt: Number(row.created_at),
        })),
      ];
    },
  };
}
