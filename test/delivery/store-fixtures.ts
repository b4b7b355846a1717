import { randomUUID } from 'node:crypto';
import type { LeaseRequest } from '../../src/store/delivery/delivery-inputs.ts';
import type {
  ApplicationRecord,
  AttemptRecord,
  DeliverySecretRecord,
  EndpointRecord,
  MessageRecord,
} from '../../src/store/delivery/delivery-records.ts';
import type { Store } from '../../src/store/types.ts';

/** The fixed instant delivery store tests start at. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** A fresh id with a readable prefix. */
export function testId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** An application record created at T0. */
export function applicationRecord(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    id: testId('app'),
    name: 'Acme',
    secretPreview: 'abcdef…wxyz',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A sealed-looking secret version of `ownerId`. */
export function secretRecord(
  ownerId: string,
  overrides: Partial<DeliverySecretRecord> = {},
): DeliverySecretRecord {
  return {
    id: testId('sec'),
    ownerId,
    material: `v1.${randomUUID()}`,
    createdAt: T0,
    expiresAt: null,
    ...overrides,
  };
}

/** An endpoint of `applicationId`, enabled, signing `none`. */
export function endpointRecord(
  applicationId: string,
  overrides: Partial<EndpointRecord> = {},
): EndpointRecord {
  return {
    id: testId('ep'),
    applicationId,
    url: 'https://example.com/hook',
    description: null,
    eventTypes: null,
    enabled: true,
    disabledReason: null,
    rateLimit: null,
    maxConcurrency: null,
    signing: { style: 'none', secretScope: 'none' },
    secretPreview: null,
    headers: {},
    retrySchedule: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A message of `applicationId` at T0. */
export function messageRecord(applicationId: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id: testId('msg'),
    eventId: testId('evt'),
    applicationId,
    type: 'order.updated',
    payload: '{"n":1}',
    idempotencyKey: null,
    connectionId: null,
    sourceEventId: null,
    createdAt: T0,
    ...overrides,
  };
}

/** An application with `endpoints` endpoints, stored. */
export async function seedApplication(store: Store, endpoints = 1) {
  const application = applicationRecord();
  await store.delivery.applications.createApplication(application, secretRecord(application.id));
  const list: EndpointRecord[] = [];
  for (let i = 0; i < endpoints; i += 1) {
    const endpoint = endpointRecord(application.id, { createdAt: T0 + i });
    await store.delivery.endpoints.createEndpoint(endpoint, null);
    list.push(endpoint);
  }
  return { application, endpoints: list };
}

/** Publishes one message to `endpointIds` (all PENDING). */
export async function enqueueTo(
  store: Store,
  applicationId: string,
  endpointIds: readonly string[],
  at = T0,
) {
  const message = messageRecord(applicationId, { createdAt: at });
  const deliveries = endpointIds.map((endpointId) => ({
    id: testId('dlv'),
    endpointId,
    state: 'PENDING' as const,
    lastError: null,
  }));
  await store.delivery.enqueue(message, deliveries);
  return { message, deliveries };
}

/** A lease request admitting everything. */
export function leaseAll(now: number, owner = 'w1', limit = 100, leaseMs = 60_000): LeaseRequest {
  return { now, limit, leaseMs, owner, excludeEndpoints: [], admit: () => true };
}

/** A FAILED attempt (HTTP 500, a preview with a NUL) of one delivery, made at `at`. */
export function attemptRecord(
  deliveryId: string,
  messageId: string,
  endpointId: string,
  n: number,
  at: number,
): AttemptRecord {
  return {
    id: testId('att'),
    deliveryId,
    messageId,
    endpointId,
    attempt: n,
    status: 'FAILED',
    responseStatus: 500,
    responseBodyPreview: 'oops\u0000',
    latencyMs: 12,
    error: null,
    createdAt: at,
  };
}
