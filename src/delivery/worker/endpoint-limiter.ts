import type { Clock } from '../../core/index.ts';
import type { LeaseCandidate } from '../../store/index.ts';

interface EndpointSlot {
  inFlight: number;
  maxConcurrency: number;
  /** Token bucket of the rate limit (requests per second); capacity = one second's worth. */
  rate: number | null;
  tokens: number;
  refilledAt: number;
}

/** An endpoint's limits as this worker applies them itself. */
interface LocalLimits {
  readonly maxConcurrency: number;
  readonly rate: number | null;
}

/** Per-endpoint concurrency and rate limits of one worker. */
export interface EndpointLimiter {
  /** Takes a slot (and a token) for the candidate's endpoint; false when it is at a limit. */
  admit(candidate: LeaseCandidate): boolean;
  /** Gives the slot back after the attempt (and looks at a held-back endpoint again). */
  release(endpointId: string): void;
  /** Endpoints that cannot take another request now (excluded from the next lease). */
  saturated(): string[];
  /**
   * Endpoints that cannot take another request now for a reason other than their in-flight limit (out of
   * rate tokens, or held back): a worker that lets jobs wait for a free slot still leaves these out.
   */
  blocked(): string[];
  /**
   * True when the store enforces this endpoint's limits for the whole cluster: its deliveries must go
   * through `lease`, never be reserved in memory.
   */
  enforcedByStore(candidate: Pick<LeaseCandidate, 'rateLimit' | 'maxConcurrency'>): boolean;
  /** Leaves the endpoint out of leasing until `until` (the store found it at its cluster-wide limit). */
  holdBack(endpointId: string, until: number): void;
  /** The earliest time a held-back endpoint is worth trying again, if any. */
  nextRecheck(): number | undefined;
}

/**
 * Creates the limiter. Concurrency counts this worker's requests in flight per endpoint (the endpoint's
 * `maxConcurrency`, else `defaultMaxConcurrency`); the rate limit is a token bucket refilled from the
 * injected clock. When the store shares limits (`sharedLimits`, PostgreSQL) an endpoint's *explicit*
 * `rateLimit` and `maxConcurrency` are the store's to enforce across every instance; this worker then only
 * applies `defaultMaxConcurrency` to endpoints without an explicit in-flight cap, and keeps endpoints the
 * store found at their limit out of its leases for a moment (`holdBack`).
 */
export function createEndpointLimiter(
  clock: Clock,
  defaultMaxConcurrency: number,
  sharedLimits = false,
): EndpointLimiter {
  const slots = new Map<string, EndpointSlot>();
  const held = new Map<string, number>();

  const enforcedByStore = (candidate: Pick<LeaseCandidate, 'rateLimit' | 'maxConcurrency'>): boolean =>
    sharedLimits && (candidate.rateLimit !== null || candidate.maxConcurrency !== null);

  const localLimits = (candidate: LeaseCandidate): LocalLimits => {
    if (!sharedLimits) {
      return { maxConcurrency: candidate.maxConcurrency ?? defaultMaxConcurrency, rate: candidate.rateLimit };
    }
    const explicit = candidate.maxConcurrency !== null;
    return { maxConcurrency: explicit ? Number.POSITIVE_INFINITY : defaultMaxConcurrency, rate: null };
  };

  const refill = (slot: EndpointSlot, now: number): void => {
    if (slot.rate === null) return;
    slot.tokens = Math.min(slot.rate, slot.tokens + ((now - slot.refilledAt) / 1000) * slot.rate);
    slot.refilledAt = now;
  };

  return {
    admit(candidate) {
      const now = clock.now();
      const { maxConcurrency, rate } = localLimits(candidate);
      let slot = slots.get(candidate.endpointId);
      if (slot === undefined) {
        slot = { inFlight: 0, maxConcurrency, rate, tokens: rate ?? 0, refilledAt: now };
        slots.set(candidate.endpointId, slot);
      }
      slot.maxConcurrency = maxConcurrency;
      if (slot.rate !== rate) {
        slot.rate = rate;
        slot.tokens = Math.min(slot.tokens, slot.rate ?? 0);
      }
      refill(slot, now);
      if (slot.inFlight >= slot.maxConcurrency) return false;
      if (slot.rate !== null && slot.tokens < 1) return false;
      if (slot.rate !== null) slot.tokens -= 1;
      slot.inFlight += 1;
      return true;
    },
    release(endpointId) {
      held.delete(endpointId);
      const slot = slots.get(endpointId);
      if (slot === undefined) return;
      slot.inFlight = Math.max(0, slot.inFlight - 1);
      if (slot.inFlight === 0 && slot.rate === null) slots.delete(endpointId);
    },
    saturated() {
      const now = clock.now();
      const out: string[] = [];
      for (const [endpointId, slot] of slots) {
        refill(slot, now);
        if (slot.inFlight >= slot.maxConcurrency || (slot.rate !== null && slot.tokens < 1))
          out.push(endpointId);
      }
      for (const [endpointId, until] of held) {
        if (until <= now) held.delete(endpointId);
        else if (!out.includes(endpointId)) out.push(endpointId);
      }
      return out;
    },
    blocked() {
      const now = clock.now();
      const out: string[] = [];
      for (const [endpointId, slot] of slots) {
        refill(slot, now);
        if (slot.rate !== null && slot.tokens < 1) out.push(endpointId);
      }
      for (const [endpointId, until] of held) {
        if (until <= now) held.delete(endpointId);
        else if (!out.includes(endpointId)) out.push(endpointId);
      }
      return out;
    },
    enforcedByStore,
    holdBack(endpointId, until) {
      held.set(endpointId, Math.max(until, held.get(endpointId) ?? until));
    },
    nextRecheck() {
      let earliest: number | undefined;
      for (const until of held.values()) if (earliest === undefined || until < earliest) earliest = until;
      return earliest;
    },
  };
}
