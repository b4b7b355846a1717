import type { SendResult } from '../delivery/index.ts';
import { decideNextState, nextDelayMs, retryAfterMs } from '../delivery/index.ts';
import type { ForwardState } from '../store/index.ts';

/** What one attempt leads to. */
export interface ForwardNext {
  readonly attemptStatus: 'success' | 'failed';
  readonly state: ForwardState;
  readonly dueAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
}

/** The inputs of {@link decideForwardState}: those of the delivery queue's decision. */
export type ForwardStateInput = Parameters<typeof decideNextState>[0];

/** 4xx answers that are worth retrying: the backend was busy or slow, not refusing the event. */
const RETRIED_CLIENT_ERRORS = new Set([408, 429]);

/**
 * Decides a forward's next state. 2xx → `delivered`. A 4xx other than 408 and 429 is final (`failed`):
 * the backend refused this event and will refuse it again. Everything else (network errors, timeouts,
 * 408, 429, 5xx, 3xx since redirects are not followed, SSRF refusals) is retried on the schedule exactly
 * as outbound deliveries are (`decideNextState`), and `dead` once the schedule is exhausted. A
 * `Retry-After` (capped at one hour) is a lower bound: the next attempt waits for the later of it and
 * the schedule's delay.
 */
export function decideForwardState(forward: ForwardStateInput): ForwardNext {
  // One jitter draw for both looks at the schedule below.
  const jitter = forward.random();
  const input = { ...forward, random: () => jitter };
  const { result } = input;
  if (result.kind === 'response' && isFinalRefusal(result)) {
    return {
      attemptStatus: 'failed',
      state: 'failed',
      dueAt: null,
      lastStatus: result.status,
      lastError: `HTTP ${result.status}`,
    };
  }
  const next = decideNextState(input);
  const state: ForwardState =
    next.state === 'SUCCESS' ? 'delivered' : next.state === 'DEAD_LETTER' ? 'dead' : 'pending';
  const scheduled = nextDelayMs(input.schedule, input.madeInCycle, input.random);
  const hint = result.kind === 'response' ? retryAfterMs(result.retryAfter, input.now) : null;
  const dueAt =
    state === 'pending' && scheduled !== null ? input.now + Math.max(scheduled, hint ?? 0) : next.dueAt;
  return {
    attemptStatus: next.attemptStatus === 'SUCCESS' ? 'success' : 'failed',
    state,
    dueAt,
    lastStatus: next.lastStatus,
    lastError: next.lastError,
  };
}

function isFinalRefusal(result: SendResult & { kind: 'response' }): boolean {
  return result.status >= 400 && result.status < 500 && !RETRIED_CLIENT_ERRORS.has(result.status);
}
