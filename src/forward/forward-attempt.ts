import { newId } from '../core/index.ts';
import type { AttemptContext } from '../delivery/index.ts';
import { redactSecrets, standardWebhooksHeaders } from '../delivery/index.ts';
import type { ForwardCompletion, LeasedForward } from '../store/index.ts';
import { forwardRequestHeaders } from './forward-headers.ts';
import { decideForwardState } from './forward-state.ts';

/** A finished attempt: the completion to commit, and the HTTP status / latency for logs. */
export interface ForwardAttemptResult {
  readonly completion: ForwardCompletion;
  readonly statusCode: number | null;
  readonly latencyMs: number | null;
}

/**
 * Works one leased forward: signs the exact stored bytes afresh (a new `webhook-timestamp` on every
 * attempt, `webhook-id` = the event id throughout), sends them with the stored inbound headers and the
 * connection's own, and decides the next state. A forward whose connection stopped forwarding is `dead`
 * without an attempt (redeliverable once forwarding is on again). Response previews are scrubbed of the
 * secrets, in case the backend echoes request headers.
 */
export async function attemptForward(
  ctx: AttemptContext,
  leased: LeasedForward,
): Promise<ForwardAttemptResult> {
  const { job, settings } = leased;
  const base = { eventId: job.eventId, leaseToken: leased.leaseToken };
  if (settings === null || !settings.enabled) {
    const completion: ForwardCompletion = {
      ...base,
      now: ctx.clock.now(),
      attempt: null,
      state: 'dead',
      dueAt: null,
      lastStatus: null,
      lastError: 'forwarding is off for this connection',
    };
    return { completion, statusCode: null, latencyMs: null };
  }
  const unixSeconds = Math.floor(ctx.clock.now() / 1000);
  const signature = standardWebhooksHeaders(ctx.secrets, job.eventId, unixSeconds, leased.body);
  const result =
    signature === null
      ? ({ kind: 'failed', error: 'no usable forwarding secret' } as const)
      : await ctx.transport.send(
          {
            url: settings.url,
            headers: forwardRequestHeaders({
              inbound: job.headers,
              custom: settings.headers,
              contentType: leased.contentType,
              connectionId: job.connectionId,
              eventId: job.eventId,
              signature,
            }),
            body: leased.body,
            ...(settings.timeoutMs !== null && { timeoutMs: settings.timeoutMs }),
          },
          ctx.signal,
        );
  const now = ctx.clock.now();
  const next = decideForwardState({
    result,
    madeInCycle: job.attempts - job.scheduleBase,
    schedule: settings.retrySchedule ?? ctx.defaultSchedule,
    now,
    random: ctx.random,
  });
  const response = result.kind === 'response' ? result : null;
  const completion: ForwardCompletion = {
    ...base,
    now,
    attempt: {
      id: newId('att'),
      eventId: job.eventId,
      connectionId: job.connectionId,
      attempt: job.attempts,
      status: next.attemptStatus,
      statusCode: response?.status ?? null,
      durationMs: result.kind === 'failed' ? 0 : Math.round(result.latencyMs),
      responsePreview: response === null ? '' : redactSecrets(response.bodyPreview, ctx.secrets),
      error: next.lastError,
      createdAt: now,
    },
    state: next.state,
    dueAt: next.dueAt,
    lastStatus: next.lastStatus,
    lastError: next.lastError,
  };
  return {
    completion,
    statusCode: response?.status ?? null,
    latencyMs: result.kind === 'failed' ? null : result.latencyMs,
  };
}
