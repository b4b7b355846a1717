import type { StoredSigning } from '../../delivery/signing/signing-config.ts';

/**
 * The records of the outbound side as the store reads and writes them. Times are epoch milliseconds.
 * No record holds a plaintext credential: secrets are sealed (AES-256-GCM) before they reach the store.
 */

/** A customer of the user's platform: owns endpoints and one signing secret (versions with grace). */
export interface ApplicationRecord {
  readonly id: string;
  readonly name: string;
  /** First 6 and last 4 characters of the current signing secret. */
  readonly secretPreview: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where and how an application's messages are delivered. */
export interface EndpointRecord {
  readonly id: string;
  readonly applicationId: string;
  readonly url: string;
  readonly description: string | null;
  /** Subscribed event types; null = every type. */
  readonly eventTypes: readonly string[] | null;
  readonly enabled: boolean;
  /** Why it was disabled (e.g. `410 Gone`), null when enabled or disabled by hand without a reason. */
  readonly disabledReason: string | null;
  /** Requests per second; null = unlimited. */
  readonly rateLimit: number | null;
  /** Requests in flight at once per worker; null = the worker's default. */
  readonly maxConcurrency: number | null;
  /**
   * The signing style and its public fields (`{ style, header?, field?, username?, secretScope }`), parsed
   * once when the row is read. Null when the stored form is not one this version knows (a hand-edited row):
   * the endpoint's deliveries then fail without a request, as unsigned sending would be worse.
   */
  readonly signing: StoredSigning | null;
  /** Mask of the endpoint's own credential; null when it uses the application's secret or none. */
  readonly secretPreview: string | null;
  /** Extra request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Retry delays in seconds (the first is the delay before attempt 1); null = the default schedule. */
  readonly retrySchedule: readonly number[] | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One version of an application's or endpoint's credential, sealed with the master key. */
export interface DeliverySecretRecord {
  readonly id: string;
  /** The application or endpoint id. */
  readonly ownerId: string;
  readonly material: string;
  readonly createdAt: number;
  /** After this instant the version is no longer used; null = current. */
  readonly expiresAt: number | null;
}

/** A published outbound event. */
export interface MessageRecord {
  readonly id: string;
  /** The envelope id (`evt_…`), the same on every attempt and every endpoint. */
  readonly eventId: string;
  readonly applicationId: string;
  readonly type: string;
  /** JSON text of the envelope's `data`. */
  readonly payload: string;
  readonly idempotencyKey: string | null;
  readonly connectionId: string | null;
  readonly sourceEventId: string | null;
  readonly createdAt: number;
}

/** Delivery states: PENDING (not tried yet) → SUCCESS / FAILED (retrying) / DEAD_LETTER. */
export const DELIVERY_STATES = ['PENDING', 'SUCCESS', 'FAILED', 'DEAD_LETTER'] as const;

/** A delivery state. */
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One (message, endpoint) delivery: its state in the durable queue. */
export interface DeliveryRecord {
  readonly id: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly applicationId: string;
  readonly state: DeliveryState;
  /** Attempts started so far (the next one sends `attempts + 1`). */
  readonly attempts: number;
  /** `attempts` when the current retry cycle began (0, or the count at the last replay). */
  readonly scheduleBase: number;
  /** When a worker may take it next; null when finished (SUCCESS, DEAD_LETTER). */
  readonly dueAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Attempt outcomes. */
export type AttemptStatus = 'SUCCESS' | 'FAILED';

/** One attempt: an HTTP exchange, or a failure before or while sending. */
export interface AttemptRecord {
  readonly id: string;
  readonly deliveryId: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly attempt: number;
  readonly status: AttemptStatus;
  readonly responseStatus: number | null;
  /** The first 4 KB of the response body as text. */
  readonly responseBodyPreview: string;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly createdAt: number;
}
