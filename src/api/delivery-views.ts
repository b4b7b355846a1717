import type {
  ApplicationRecord,
  AttemptRecord,
  DeliveryRecord,
  EndpointRecord,
  MessageRecord,
} from '../store/index.ts';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** An application as the API shows it (never the secret). */
export function applicationView(application: ApplicationRecord) {
  return { ...application, createdAt: iso(application.createdAt), updatedAt: iso(application.updatedAt) };
}

/** An endpoint as the API shows it: signing style and public fields, the credential only masked. */
export function endpointView(endpoint: EndpointRecord) {
  return {
    id: endpoint.id,
    applicationId: endpoint.applicationId,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes === null ? null : [...endpoint.eventTypes],
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    rateLimit: endpoint.rateLimit,
    maxConcurrency: endpoint.maxConcurrency,
    // A row whose stored signing this version does not know shows as such (its deliveries fail).
    signing: endpoint.signing === null ? { style: 'unknown', secretScope: 'none' } : { ...endpoint.signing },
    secretPreview: endpoint.secretPreview,
    headers: { ...endpoint.headers },
    retrySchedule: endpoint.retrySchedule === null ? null : [...endpoint.retrySchedule],
    createdAt: iso(endpoint.createdAt),
    updatedAt: iso(endpoint.updatedAt),
  };
}

/** A delivery: `nextAttemptAt` is when it is due (null once finished). */
export function deliveryView(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    messageId: delivery.messageId,
    endpointId: delivery.endpointId,
    state: delivery.state,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.dueAt === null ? null : iso(delivery.dueAt),
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
    createdAt: iso(delivery.createdAt),
    updatedAt: iso(delivery.updatedAt),
  };
}

/** A message with its `data` parsed back. */
export function messageView(message: MessageRecord) {
  return {
    id: message.id,
    eventId: message.eventId,
    applicationId: message.applicationId,
    type: message.type,
    data: JSON.parse(message.payload) as unknown,
    idempotencyKey: message.idempotencyKey,
    connectionId: message.connectionId,
    sourceEventId: message.sourceEventId,
    createdAt: iso(message.createdAt),
  };
}

/** An attempt. */
export function attemptView(attempt: AttemptRecord) {
  return {
    id: attempt.id,
    messageId: attempt.messageId,
    endpointId: attempt.endpointId,
    attempt: attempt.attempt,
    status: attempt.status,
    responseStatus: attempt.responseStatus,
    responseBodyPreview: attempt.responseBodyPreview,
    latencyMs: attempt.latencyMs,
    error: attempt.error,
    createdAt: iso(attempt.createdAt),
  };
}
