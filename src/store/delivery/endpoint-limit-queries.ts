import type { Transaction } from 'kysely';
import type { Database } from '../database-schema.ts';

/** An endpoint with an explicit `rateLimit` and/or `maxConcurrency`, as the leasing scan read it. */
export interface LimitedEndpoint {
  readonly endpointId: string;
  readonly rateLimit: number | null;
  readonly maxConcurrency: number | null;
}

/** What the leasing transaction may still give the limited endpoints this round, cluster-wide. */
export interface SharedLimits {
  /** True when the endpoint may take one more delivery now; endpoints without explicit limits always may. */
  allows(endpointId: string): boolean;
  /** Counts one delivery leased to the endpoint (a token and an in-flight slot). */
  take(endpointId: string): void;
  /** When an endpoint that `allows` refused is worth trying again: its next token, or a short recheck. */
  retryAt(endpointId: string): number;
  /** Writes the rate buckets back (their tokens minus what this round took). */
  save(): Promise<void>;
}

/**
 * How soon an endpoint at its in-flight cap is looked at again. Slots are freed by completions on any
 * instance; the instance that frees one looks again at once, the others after this.
 */
const CONCURRENCY_RECHECK_MS = 100;

interface Budget {
  readonly endpoint: LimitedEndpoint;
  /** Tokens after the refill (rate-limited endpoints), before this round's use. */
  readonly tokens: number;
  readonly refilledAt: number;
  /** In-flight slots left (endpoints with `maxConcurrency`). */
  readonly slots: number;
  used: number;
}

/** Bucket rows of the endpoints, created full on first use, then locked in id order (no deadlocks). */
async function lockBuckets(trx: Transaction<Database>, endpoints: readonly LimitedEndpoint[], now: number) {
  const ids = endpoints.map((endpoint) => endpoint.endpointId);
  await trx
    .insertInto('delivery_endpoint_limits')
    .values(endpoints.map((e) => ({ endpoint_id: e.endpointId, tokens: e.rateLimit ?? 0, refilled_at: now })))
    .onConflict((conflict) => conflict.column('endpoint_id').doNothing())
    .execute();
  const rows = await trx
    .selectFrom('delivery_endpoint_limits')
    .selectAll()
    .where('endpoint_id', 'in', ids)
    .orderBy('endpoint_id')
    .forUpdate()
    .execute();
  return new Map(rows.map((row) => [row.endpoint_id, row]));
}

/** Unexpired leases per endpoint: the requests in flight anywhere in the cluster. */
async function liveLeases(trx: Transaction<Database>, ids: readonly string[], now: number) {
  const rows = await trx
    .selectFrom('delivery_jobs')
    .select(['endpoint_id', (eb) => eb.fn.countAll<number>().as('live')])
    .where('endpoint_id', 'in', [...ids])
    .where('lease_token', 'is not', null)
    .where('due_at', '>', now)
    .groupBy('endpoint_id')
    .execute();
  return new Map(rows.map((row) => [row.endpoint_id, Number(row.live)]));
}

/**
 * Reads the cluster-wide budget of each limited endpoint inside the leasing transaction (PostgreSQL). The
 * endpoint's bucket row is locked first, so instances leasing for the same endpoint take turns: each then
 * sees the others' committed leases and tokens. The rate limit is a token bucket of one second's capacity
 * refilled from the leasing instance's clock (instances should keep their clocks in sync, as for any
 * lease); the in-flight cap counts unexpired leases, which the workers' heartbeats keep alive while their
 * requests run.
 */
export async function readSharedLimits(
  trx: Transaction<Database>,
  endpoints: readonly LimitedEndpoint[],
  now: number,
): Promise<SharedLimits> {
  const sorted = [...endpoints].sort((a, b) => (a.endpointId < b.endpointId ? -1 : 1));
  const budgets = new Map<string, Budget>();
  if (sorted.length > 0) {
    const buckets = await lockBuckets(trx, sorted, now);
    const live = await liveLeases(
      trx,
      sorted.map((endpoint) => endpoint.endpointId),
      now,
    );
    for (const endpoint of sorted) {
      const bucket = buckets.get(endpoint.endpointId);
      const rate = endpoint.rateLimit;
      const refilledAt = Math.max(bucket?.refilled_at ?? now, now);
      const elapsed = Math.max(0, now - (bucket?.refilled_at ?? now));
      const tokens = rate === null ? 0 : Math.min(rate, (bucket?.tokens ?? rate) + (elapsed / 1000) * rate);
      const max = endpoint.maxConcurrency;
      const slots = max === null ? Number.POSITIVE_INFINITY : max - (live.get(endpoint.endpointId) ?? 0);
      budgets.set(endpoint.endpointId, { endpoint, tokens, refilledAt, slots, used: 0 });
    }
  }

  const left = (budget: Budget): number => {
    const byRate =
      budget.endpoint.rateLimit === null ? Number.POSITIVE_INFINITY : budget.tokens - budget.used;
    return Math.min(byRate, budget.slots - budget.used);
  };

  return {
    allows(endpointId) {
      const budget = budgets.get(endpointId);
      return budget === undefined || left(budget) >= 1;
    },
    take(endpointId) {
      const budget = budgets.get(endpointId);
      if (budget !== undefined) budget.used += 1;
    },
    retryAt(endpointId) {
      const budget = budgets.get(endpointId);
      const rate = budget?.endpoint.rateLimit ?? null;
      if (budget === undefined || rate === null || budget.slots - budget.used < 1) {
        return now + CONCURRENCY_RECHECK_MS;
      }
      const missing = 1 - (budget.tokens - budget.used);
      return now + Math.max(1, Math.ceil((missing / rate) * 1000));
    },
    async save() {
      for (const budget of budgets.values()) {
        if (budget.endpoint.rateLimit === null || budget.used === 0) continue;
        await trx
          .updateTable('delivery_endpoint_limits')
          .set({ tokens: budget.tokens - budget.used, refilled_at: budget.refilledAt })
          .where('endpoint_id', '=', budget.endpoint.endpointId)
          .execute();
      }
    },
  };
}
