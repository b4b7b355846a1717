import type { Insertable, Selectable } from 'kysely';
import { type StoredSigning, storedSigningSchema } from '../../delivery/index.ts';
import { withoutNul, withoutNulOrNull } from '../row-mappers.ts';
import {
  type ApplicationRecord,
  type AttemptRecord,
  DELIVERY_STATES,
  type DeliveryRecord,
  type DeliverySecretRecord,
  type DeliveryState,
  type EndpointRecord,
  type MessageRecord,
} from './delivery-records.ts';
import type {
  DeliveryApplicationsTable,
  DeliveryAttemptsTable,
  DeliveryEndpointsTable,
  DeliveryJobsTable,
  DeliveryMessagesTable,
  DeliverySecretsTable,
} from './delivery-tables.ts';

function parseJson<T>(text: string | null, column: string, check: (value: unknown) => boolean): T | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (!check(value)) throw new Error(`stored ${column} has an unexpected shape`);
  return value as T;
}

const isObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isArray = (value: unknown): boolean => Array.isArray(value);

/** Narrows a stored state string. */
export function toDeliveryState(value: string): DeliveryState {
  const state = DELIVERY_STATES.find((known) => known === value);
  if (state === undefined) throw new Error(`stored delivery state ${value} is unknown`);
  return state;
}

/** A `delivery_applications` row as a record. */
export function toApplication(row: Selectable<DeliveryApplicationsTable>): ApplicationRecord {
  return {
    id: row.id,
    name: row.name,
    secretPreview: row.secret_preview,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The stored `signing` column as the domain type; null when it is no stored form this version knows. */
function toSigning(text: string): StoredSigning | null {
  const parsed = storedSigningSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** A `delivery_endpoints` row as a record. */
export function toEndpoint(row: Selectable<DeliveryEndpointsTable>): EndpointRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    url: row.url,
    description: row.description,
    eventTypes: parseJson<string[]>(row.event_types, 'event_types', isArray),
    enabled: row.enabled === true || row.enabled === 1,
    disabledReason: row.disabled_reason,
    rateLimit: row.rate_limit,
    maxConcurrency: row.max_concurrency,
    signing: toSigning(row.signing),
    secretPreview: row.secret_preview,
    headers: parseJson<Record<string, string>>(row.headers, 'headers', isObject) ?? {},
    retrySchedule: parseJson<number[]>(row.retry_schedule, 'retry_schedule', isArray),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An endpoint record as a row. */
export function fromEndpoint(record: EndpointRecord): Insertable<DeliveryEndpointsTable> {
  return {
    id: record.id,
    application_id: record.applicationId,
    url: record.url,
    description: withoutNulOrNull(record.description),
    event_types: record.eventTypes === null ? null : JSON.stringify(record.eventTypes),
    enabled: record.enabled,
    disabled_reason: record.disabledReason,
    rate_limit: record.rateLimit,
    max_concurrency: record.maxConcurrency,
    signing: JSON.stringify(record.signing),
    secret_preview: record.secretPreview,
    headers: JSON.stringify(record.headers),
    retry_schedule: record.retrySchedule === null ? null : JSON.stringify(record.retrySchedule),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

/** A `delivery_secrets` row as a record. */
export function toSecret(row: Selectable<DeliverySecretsTable>): DeliverySecretRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    material: row.material,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** A secret record as a row. */
export function fromSecret(record: DeliverySecretRecord): Insertable<DeliverySecretsTable> {
  return {
    id: record.id,
    owner_id: record.ownerId,
    material: record.material,
    created_at: record.createdAt,
    expires_at: record.expiresAt,
  };
}

/** A `delivery_messages` row as a record. */
export function toMessage(row: Selectable<DeliveryMessagesTable>): MessageRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    applicationId: row.application_id,
    type: row.type,
    payload: row.payload,
    idempotencyKey: row.idempotency_key,
    connectionId: row.connection_id,
    sourceEventId: row.source_event_id,
    createdAt: row.created_at,
  };
}

/** A message record as a row (caller-given text without U+0000; the JSON payload escapes it). */
export function fromMessage(record: MessageRecord): Insertable<DeliveryMessagesTable> {
  return {
    id: record.id,
    event_id: record.eventId,
    application_id: record.applicationId,
    type: withoutNul(record.type),
    payload: record.payload,
    idempotency_key: withoutNulOrNull(record.idempotencyKey),
    connection_id: record.connectionId,
    source_event_id: record.sourceEventId,
    created_at: record.createdAt,
  };
}

/** A `delivery_jobs` row as a delivery record. */
export function toDelivery(row: Selectable<DeliveryJobsTable>): DeliveryRecord {
  return {
    id: row.id,
    messageId: row.message_id,
    endpointId: row.endpoint_id,
    applicationId: row.application_id,
    state: toDeliveryState(row.state),
    attempts: row.attempts,
    scheduleBase: row.schedule_base,
    dueAt: row.due_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A `delivery_attempts` row as a record. */
export function toAttempt(row: Selectable<DeliveryAttemptsTable>): AttemptRecord {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    messageId: row.message_id,
    endpointId: row.endpoint_id,
    attempt: row.attempt,
    status: row.status === 'SUCCESS' ? 'SUCCESS' : 'FAILED',
    responseStatus: row.response_status,
    responseBodyPreview: row.response_body_preview,
    latencyMs: row.latency_ms,
    error: row.error,
    createdAt: row.created_at,
  };
}

/** An attempt record as a row (response text without U+0000). */
export function fromAttempt(record: AttemptRecord): Insertable<DeliveryAttemptsTable> {
  return {
    id: record.id,
    delivery_id: record.deliveryId,
    message_id: record.messageId,
    endpoint_id: record.endpointId,
    attempt: record.attempt,
    status: record.status,
    response_status: record.responseStatus,
    response_body_preview: withoutNul(record.responseBodyPreview),
    latency_ms: Math.max(0, Math.round(record.latencyMs)),
    error: withoutNulOrNull(record.error),
    created_at: record.createdAt,
  };
}
