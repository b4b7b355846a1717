import type { Clock } from '../core/index.ts';
import { createLruMap } from '../secrets/index.ts';

/** How many refused requests a key may cause: `burst` at once, refilled at `perMinute` (0 = no limit). */
export interface RefusalBudget {
  readonly burst: number;
  readonly perMinute: number;
}

/** Whether a refused request is over the budget of its connection or of its source address. */
export type RefusalVerdict =
  | { readonly limited: false }
  | { readonly limited: true; readonly scope: 'connection' | 'address'; readonly retryAfterSeconds: number };

/** Counts refused inbound requests per connection and per source address. */
export interface RefusalLimiter {
  /**
   * Counts one refused request against its connection (when known) and its source address. Only refusals
   * are counted: an accepted request is never limited, whoever sends it.
   */
  refuse(source: { readonly connectionId?: string | undefined; readonly address: string }): RefusalVerdict;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per key, kept for the most recently seen `maxKeys` keys (a flood of distinct addresses
 * cannot grow memory without bound; an evicted key starts again with a full bucket).
 */
export function createRefusalLimiter(clock: Clock, budget: RefusalBudget, maxKeys = 10_000): RefusalLimiter {
  const buckets = createLruMap<string, Bucket>(maxKeys);
  const msPerToken = 60_000 / budget.perMinute;

  /** Takes a token from `key`'s bucket; the seconds until one is available when there is none. */
  const take = (key: string, now: number): number | undefined => {
    const bucket = buckets.get(key) ?? { tokens: budget.burst, updatedAt: now };
    bucket.tokens = Math.min(budget.burst, bucket.tokens + (now - bucket.updatedAt) / msPerToken);
    bucket.updatedAt = now;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * msPerToken) / 1000));
  };

  return {
    refuse({ connectionId, address }) {
      if (budget.perMinute <= 0) return { limited: false };
      const now = clock.now();
      const byConnection = connectionId === undefined ? undefined : take(`connection ${connectionId}`, now);
      const byAddress = take(`address ${address}`, now);
      if (byConnection !== undefined) {
        return {
          limited: true,
          scope: 'connection',
          retryAfterSeconds: Math.max(byConnection, byAddress ?? 0),
        };
      }
      if (byAddress !== undefined) return { limited: true, scope: 'address', retryAfterSeconds: byAddress };
      return { limited: false };
    },
  };
}
