import { newId } from '../../core/index.ts';
import type { AttemptRecord, DeliveryCompletion, LeasedDelivery } from '../../store/index.ts';
import { deliveryHeaders, envelopeBody } from '../envelope.ts';
import type { SendResult } from '../http/http-transport.ts';
import { decideNextState } from '../retry/next-state.ts';
import { signDelivery } from '../signing/sign-delivery.ts';
import type { AttemptContext } from './worker-options.ts';
import { redactSecrets, sensitiveValues } from './worker-secrets.ts';

/** A finished delivery attempt: the completion to commit, and whether a request went out. */
export interface Delivered {
  readonly completion: DeliveryCompletion;
  readonly result: SendResult | { readonly kind: 'failed'; readonly error: string } | null;
}

/** Signs and sends one attempt, or returns why it could not be sent. */
async function attemptOnce(ctx: AttemptContext, leased: LeasedDelivery, attempt: number) {
  const { endpoint, message } = leased;
  if (endpoint.signing === null)
    return { kind: 'failed', error: 'the endpoint signing configuration is invalid' } as const;
  const unixSeconds = Math.floor(ctx.clock.now() / 1000);
  const signed = signDelivery({
    signing: endpoint.signing,
    secrets: ctx.secrets,
    body: envelopeBody(message, attempt),
    eventId: message.eventId,
    unixSeconds,
  });
  if (!signed.ok) return { kind: 'failed', error: signed.message } as const;
  const headers = { ...deliveryHeaders(message, attempt, unixSeconds, endpoint.headers), ...signed.headers };
  return ctx.transport.send({ url: endpoint.url, headers, body: signed.body }, ctx.signal);
}

/**
 * Works one leased delivery: builds the envelope for this attempt number, signs it, sends it, and turns
 * the outcome into the completion to commit (attempt row + next state). A delivery whose endpoint was
 * disabled after the lease is dead-lettered without an attempt. Response previews are scrubbed of the
 * credentials (a receiver that echoes request headers must not put a secret into the attempt log).
 */
export async function deliverOne(ctx: AttemptContext, leased: LeasedDelivery): Promise<Delivered> {
  const { delivery, endpoint, message } = leased;
  const attempt = delivery.attempts;
  const base = { deliveryId: delivery.id, leaseToken: leased.leaseToken };
  if (!endpoint.enabled) {
    const now = ctx.clock.now();
    const completion: DeliveryCompletion = {
      ...base,
      now,
      attempt: null,
      attempts: attempt - 1,
      state: 'DEAD_LETTER',
      dueAt: null,
      lastStatus: null,
      lastError: `endpoint disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}`,
    };
    return { completion, result: null };
  }
  const result = await attemptOnce(ctx, leased, attempt);
  const now = ctx.clock.now();
  const next = decideNextState({
    result,
    madeInCycle: attempt - delivery.scheduleBase,
    schedule: endpoint.retrySchedule ?? ctx.defaultSchedule,
    now,
    random: ctx.random,
  });
  const sensitive = sensitiveValues(ctx.secrets, endpoint.signing);
  const record: AttemptRecord = {
    id: newId('att'),
    deliveryId: delivery.id,
    messageId: message.id,
    endpointId: endpoint.id,
    attempt,
    status: next.attemptStatus,
    responseStatus: result.kind === 'response' ? result.status : null,
    responseBodyPreview: result.kind === 'response' ? redactSecrets(result.bodyPreview, sensitive) : '',
    latencyMs: result.kind === 'failed' ? 0 : result.latencyMs,
    error: next.lastError,
    createdAt: now,
  };
  const completion: DeliveryCompletion = {
    ...base,
    now,
    attempt: record,
    attempts: attempt,
    state: next.state,
    dueAt: next.dueAt,
    lastStatus: next.lastStatus,
    lastError: next.lastError,
    ...(next.disableReason !== undefined && {
      disableEndpoint: { endpointId: endpoint.id, reason: next.disableReason },
    }),
  };
  return { completion, result };
}
