import type { AttemptStatus, DeliveryState } from '../../store/index.ts';
import type { SendResult } from '../http/http-transport.ts';
import { nextDelayMs, retryAfterMs } from './retry-schedule.ts';

/** What an attempt leads to. */
export interface NextState {
  readonly attemptStatus: AttemptStatus;
  readonly state: DeliveryState;
  readonly dueAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  /** Set on 410 Gone: the endpoint is disabled with this reason. */
  readonly disableReason?: string;
}

/** The inputs of {@link decideNextState}. */
export interface NextStateInput {
  /** The response or transport error; a string for a failure before sending (e.g. signing). */
  readonly result: SendResult | { readonly kind: 'failed'; readonly error: string };
  /** Attempts made in the current cycle, this one included (1 for the first). */
  readonly madeInCycle: number;
  readonly schedule: readonly number[];
  readonly now: number;
  readonly random: () => number;
}

function retryOrDie(
  input: NextStateInput,
  lastStatus: number | null,
  lastError: string,
  hint: number | null,
): NextState {
  const scheduled = nextDelayMs(input.schedule, input.madeInCycle, input.random);
  if (scheduled === null) {
    return { attemptStatus: 'FAILED', state: 'DEAD_LETTER', dueAt: null, lastStatus, lastError };
  }
  return {
    attemptStatus: 'FAILED',
    state: 'FAILED',
    dueAt: input.now + (hint ?? scheduled),
    lastStatus,
    lastError,
  };
}

/**
 * Decides the delivery's next state. 2xx → SUCCESS. 410 → DEAD_LETTER and the endpoint is disabled.
 * Anything else (other statuses including 3xx, since redirects are not followed; timeouts; refused
 * connections; SSRF refusals) is retried on the schedule, where a `Retry-After` (capped at 1 h) replaces
 * the next delay; when the schedule is exhausted → DEAD_LETTER.
 */
export function decideNextState(input: NextStateInput): NextState {
  const { result } = input;
  if (result.kind === 'failed' || result.kind === 'error') {
    return retryOrDie(input, null, result.error, null);
  }
  const status = result.status;
  if (status >= 200 && status < 300) {
    return { attemptStatus: 'SUCCESS', state: 'SUCCESS', dueAt: null, lastStatus: status, lastError: null };
  }
  if (status === 410) {
    return {
      attemptStatus: 'FAILED',
      state: 'DEAD_LETTER',
      dueAt: null,
      lastStatus: status,
      lastError: 'HTTP 410 Gone: the endpoint was disabled',
      disableReason: '410 Gone',
    };
  }
  const error =
    status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
  return retryOrDie(input, status, error, retryAfterMs(result.retryAfter, input.now));
}
