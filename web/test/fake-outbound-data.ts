import type { Application, Attempt, Delivery, Endpoint } from '../src/api/delivery-types.ts';

/** Outbound objects for tests, with defaults a test overrides. */

let counter = 0;
const T = '2025-01-02T03:04:05.000Z';

export function outboundSecret(tag: string): string {
  return `${tag}${'O'.repeat(64)}`.slice(0, 64);
}

export const mask = (secret: string) => `${secret.slice(0, 6)}…${secret.slice(-4)}`;

export function makeApplication(overrides: Partial<Application> = {}): Application {
  counter += 1;
  return {
    id: `app_${counter}`,
    name: `App ${counter}`,
    secretPreview: 'appsec…0001',
    createdAt: T,
    updatedAt: T,
    secretCreatedAt: T,
    rotationDueAt: null,
    previousSecretExpiresAt: null,
    ...overrides,
  };
}

export function makeEndpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  counter += 1;
  return {
    id: `ep_${counter}`,
    applicationId: 'app_1',
    url: `https://hooks.example.com/${counter}`,
    description: null,
    eventTypes: null,
    enabled: true,
    disabledReason: null,
    rateLimit: null,
    maxConcurrency: null,
    signing: { style: 'hookgate', secretScope: 'application' },
    secretPreview: null,
    headers: {},
    retrySchedule: null,
    createdAt: T,
    updatedAt: T,
    ...overrides,
  };
}

export function makeDelivery(overrides: Partial<Delivery> = {}): Delivery {
  counter += 1;
  const base = {
    id: `dlv_${counter}`,
    messageId: `msg_${counter}`,
    endpointId: 'ep_1',
    state: 'FAILED' as const,
  };
  return {
    ...base,
    attempts: 1,
    nextAttemptAt: null,
    lastStatus: 500,
    lastError: 'HTTP 500',
    createdAt: T,
    updatedAt: T,
    ...overrides,
  };
}

export function makeAttempt(overrides: Partial<Attempt> = {}): Attempt {
  counter += 1;
  return {
    id: `att_${counter}`,
    messageId: 'msg_1',
    endpointId: 'ep_1',
    attempt: 1,
    status: 'FAILED',
    responseStatus: 500,
    responseBodyPreview: '{"error":"down"}',
    latencyMs: 12,
    error: 'HTTP 500',
    createdAt: T,
    ...overrides,
  };
}
