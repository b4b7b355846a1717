import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/index.ts';
import { type Failure, failure, HISTORY_OUTCOMES } from '../errors/index.ts';
import { type BucketCount, LATENCY_BINS_MS, type StatsStore } from '../store/index.ts';
import { sendError } from './http-errors.ts';
import { errorSchema } from './schemas.ts';

const DAY_MS = 86_400_000;

/** Bucket sizes and, for each, the window shown when the caller gives no `since`. */
const BUCKETS = {
  minute: { ms: 60_000, defaultSpanMs: 60 * 60_000 },
  hour: { ms: 3_600_000, defaultSpanMs: 24 * 3_600_000 },
  day: { ms: DAY_MS, defaultSpanMs: 30 * DAY_MS },
} as const;

/** More buckets than this in one answer is refused: ask for a larger bucket or a shorter window. */
export const MAX_BUCKETS = 1500;

const windowQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional().describe('Start (inclusive); default: one window back'),
  until: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('End (exclusive); default: the end of the bucket holding now'),
  bucket: z.enum(['minute', 'hour', 'day']).default('hour'),
});

const outcomeCounts = z
  .partialRecord(z.enum(HISTORY_OUTCOMES), z.number().int())
  .describe('Requests per history outcome; outcomes with no request are left out');

const inboundStatsSchema = z
  .object({
    bucket: z.enum(['minute', 'hour', 'day']),
    since: z.string(),
    until: z.string(),
    buckets: z.array(z.object({ start: z.string(), counts: outcomeCounts })),
  })
  .meta({ id: 'InboundStats' });

const deliveryStatsSchema = z
  .object({
    bucket: z.enum(['minute', 'hour', 'day']),
    since: z.string(),
    until: z.string(),
    buckets: z.array(
      z.object({
        start: z.string(),
        counts: z.partialRecord(z.enum(['SUCCESS', 'FAILED']), z.number().int()),
        p50Ms: z
          .number()
          .nullable()
          .describe('Upper bound of the latency bin holding the median; null: no attempt'),
        p95Ms: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'DeliveryStats' });

const connectionStatsSchema = z
  .object({
    since: z.string(),
    until: z.string(),
    items: z.array(
      z.object({
        connectionId: z.string(),
        name: z.string(),
        total: z.number().int(),
        refused: z.number().int().describe('Requests answered with anything but ACCEPTED or DUPLICATE'),
        counts: outcomeCounts,
      }),
    ),
  })
  .meta({ id: 'ConnectionStats' });

const errors = { 400: errorSchema, 401: errorSchema };

/** Outcomes that are not a refusal: the sender's request was taken. */
const TAKEN = new Set(['ACCEPTED', 'DUPLICATE', 'SAMPLE_CAPTURED']);

/** A resolved window, or the reason it is refused. */
type Window = { ok: true; since: number; until: number; bucketMs: number } | Failure;

function resolveWindow(query: z.infer<typeof windowQuery>, now: number): Window {
  const { ms, defaultSpanMs } = BUCKETS[query.bucket];
  // Without `until`, the window ends with the bucket that holds `now`, so the current bucket is whole.
  const until = query.until === undefined ? (Math.floor(now / ms) + 1) * ms : Date.parse(query.until);
  // Buckets start at multiples of the bucket size (UTC), so the first one may begin before `since`.
  const requested = query.since === undefined ? until - defaultSpanMs : Date.parse(query.since);
  const since = Math.floor(requested / ms) * ms;
  if (since >= until) return failure('VALIDATION_ERROR', 'since must be before until');
  if ((until - since) / ms > MAX_BUCKETS) {
    return failure(
      'VALIDATION_ERROR',
      `more than ${MAX_BUCKETS} ${query.bucket} buckets; use a larger bucket or a shorter window`,
    );
  }
  return { ok: true, since, until, bucketMs: ms };
}

/** Every bucket start of the window, so charts get a point for quiet periods too. */
function bucketStarts(window: { since: number; until: number; bucketMs: number }): number[] {
  const starts: number[] = [];
  for (let start = window.since; start < window.until; start += window.bucketMs) starts.push(start);
  return starts;
}

/** Groups `rows` by bucket: bucket start → key → count. */
function byBucket(rows: readonly BucketCount[]): Map<number, Record<string, number>> {
  const grouped = new Map<number, Record<string, number>>();
  for (const row of rows) {
    const counts = grouped.get(row.bucket) ?? {};
    counts[row.key] = (counts[row.key] ?? 0) + row.count;
    grouped.set(row.bucket, counts);
  }
  return grouped;
}

/**
 * The upper bound of the latency bin in which the `fraction` quantile falls, from per-bin counts
 * (bin index → count); the open last bin reports the largest bound. Null when there is no attempt.
 */
export function quantileFromBins(bins: Record<string, number>, fraction: number): number | null {
  const total = Object.values(bins).reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total * fraction);
  let seen = 0;
  for (let index = 0; index <= LATENCY_BINS_MS.length; index += 1) {
    seen += bins[String(index)] ?? 0;
    if (seen >= rank) return LATENCY_BINS_MS[Math.min(index, LATENCY_BINS_MS.length - 1)] ?? null;
  }
  return LATENCY_BINS_MS[LATENCY_BINS_MS.length - 1] ?? null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `/api/v1/stats` (inbound requests per outcome over time), `/api/v1/stats/deliveries` (outbound attempts per
 * status and latency), `/api/v1/stats/connections` (totals per connection, most refused first). Counted from
 * the store, so every instance of a cluster answers the same.
 */
export async function statsRoutes(
  app: FastifyInstance,
  deps: { stats: StatsStore; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/stats',
    {
      schema: {
        operationId: 'getInboundStats',
        summary: 'Inbound requests per outcome over time',
        tags: ['stats'],
        querystring: windowQuery.extend({ connectionId: z.string().min(1).max(100).optional() }),
        response: { 200: inboundStatsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const window = resolveWindow(request.query, deps.clock.now());
      if (!window.ok) return sendError(reply, window);
      const grouped = byBucket(await deps.stats.inboundCounts(window, request.query.connectionId));
      return {
        bucket: request.query.bucket,
        since: iso(window.since),
        until: iso(window.until),
        buckets: bucketStarts(window).map((start) => ({
          start: iso(start),
          counts: grouped.get(start) ?? {},
        })),
      };
    },
  );

  api.get(
    '/api/v1/stats/deliveries',
    {
      schema: {
        operationId: 'getDeliveryStats',
        summary: 'Outbound delivery attempts per status, with latency percentiles, over time',
        tags: ['stats'],
        querystring: windowQuery.extend({
          applicationId: z.string().min(1).max(100).optional(),
          endpointId: z.string().min(1).max(100).optional(),
        }),
        response: { 200: deliveryStatsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const window = resolveWindow(request.query, deps.clock.now());
      if (!window.ok) return sendError(reply, window);
      const { applicationId, endpointId } = request.query;
      const counts = await deps.stats.deliveryCounts(window, {
        ...(applicationId !== undefined && { applicationId }),
        ...(endpointId !== undefined && { endpointId }),
      });
      const statuses = byBucket(counts.statuses);
      const latencies = byBucket(counts.latencies);
      return {
        bucket: request.query.bucket,
        since: iso(window.since),
        until: iso(window.until),
        buckets: bucketStarts(window).map((start) => {
          const bins = latencies.get(start) ?? {};
          return {
            start: iso(start),
            counts: statuses.get(start) ?? {},
            p50Ms: quantileFromBins(bins, 0.5),
            p95Ms: quantileFromBins(bins, 0.95),
          };
        }),
      };
    },
  );

  api.get(
    '/api/v1/stats/connections',
    {
      schema: {
        operationId: 'getConnectionStats',
        summary: 'Requests per connection over a window, most refused first',
        tags: ['stats'],
        querystring: windowQuery.omit({ bucket: true }).extend({
          limit: z.coerce.number().int().min(1).max(200).default(10),
        }),
        response: { 200: connectionStatsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const until = request.query.until === undefined ? deps.clock.now() : Date.parse(request.query.until);
      const since = request.query.since === undefined ? until - DAY_MS : Date.parse(request.query.since);
      if (since >= until) {
        return sendError(reply, failure('VALIDATION_ERROR', 'since must be before until'));
      }
      const rows = await deps.stats.connectionCounts(since, until);
      const perConnection = new Map<string, { name: string; counts: Record<string, number> }>();
      for (const row of rows) {
        const entry = perConnection.get(row.connectionId) ?? { name: row.name, counts: {} };
        entry.counts[row.outcome] = row.count;
        perConnection.set(row.connectionId, entry);
      }
      const items = [...perConnection].map(([connectionId, { name, counts }]) => {
        const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
        const taken = Object.entries(counts).reduce(
          (sum, [outcome, n]) => sum + (TAKEN.has(outcome) ? n : 0),
          0,
        );
        return { connectionId, name, total, refused: total - taken, counts };
      });
      items.sort(
        (a, b) => b.refused - a.refused || b.total - a.total || a.connectionId.localeCompare(b.connectionId),
      );
      return { since: iso(since), until: iso(until), items: items.slice(0, request.query.limit) };
    },
  );
}
