import type { Clock } from '../../core/clock.ts';
import type { LeaseCandidate } from '../../store/delivery/delivery-inputs.ts';

interface EndpointSlot {
  inFlight: number;
  maxConcurrency: number;
  /** Token bucket of the rate limit (requests per second); capacity = one second's worth. */
  rate: number | null;
  tokens: number;
  refilledAt: number;
}

/** Per-endpoint concurrency and rate limits of one worker. */
export interface EndpointLimiter {
  /** Takes a slot (and a token) for the candidate's endpoint; false when it is at a limit. */
  admit(candidate: LeaseCandidate): boolean;
  /** Gives the slot back after the attempt. */
  release(endpointId: string): void;
  /** Endpoints that cannot take another request now (excluded from the next lease). */
  saturated(): string[];
}

/**
 * Creates the limiter. Concurrency counts this worker's requests in flight per endpoint (the endpoint's
 * `maxConcurrency`, else `defaultMaxConcurrency`); the rate limit is a token bucket refilled from the
 * injected clock. With several workers each applies the limits to its own requests.
 */
export function createEndpointLimiter(clock: Clock, defaultMaxConcurrency: number): EndpointLimiter {
  const slots = new Map<string, EndpointSlot>();

  const refill = (slot: EndpointSlot, now: number): void => {
    if (slot.rate === null) return;
    slot.tokens = Math.min(slot.rate, slot.tokens + ((now - slot.refilledAt) / 1000) * slot.rate);
    slot.refilledAt = now;
  };

  return {
    admit(candidate) {
      const now = clock.now();
      const maxConcurrency = candidate.maxConcurrency ?? defaultMaxConcurrency;
      let slot = slots.get(candidate.endpointId);
      if (slot === undefined) {
        const rate = candidate.rateLimit;
        slot = { inFlight: 0, maxConcurrency, rate, tokens: rate ?? 0, refilledAt: now };
        slots.set(candidate.endpointId, slot);
      }
      slot.maxConcurrency = maxConcurrency;
      if (slot.rate !== candidate.rateLimit) {
        slot.rate = candidate.rateLimit;
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
      return out;
    },
  };
}
