import type { StoredSigning } from '../../delivery/index.ts';
import type { RecordOf } from '../record-shape.ts';
import type {
  DeliveryApplicationsTable,
  DeliveryAttemptsTable,
  DeliveryEndpointsTable,
  DeliveryJobsTable,
  DeliveryMessagesTable,
  DeliverySecretsTable,
} from './delivery-tables.ts';

/**
 * The records of the outbound side as the store reads and writes them. Times are epoch milliseconds.
 * No record holds a plaintext credential: secrets are sealed (AES-256-GCM) before they reach the store.
 * Each record is derived from its table (see `record-shape.ts`); the column docs are in delivery-tables.ts.
 */

/** A customer of the user's platform: owns endpoints and one signing secret (versions with grace). */
export type ApplicationRecord = RecordOf<DeliveryApplicationsTable>;

/** Where and how an application's messages are delivered. */
export type EndpointRecord = RecordOf<
  DeliveryEndpointsTable,
  {
    /** Subscribed event types; null = every type. */
    readonly eventTypes: readonly string[] | null;
    readonly enabled: boolean;
    /**
     * The signing style and its public fields (`{ style, header?, field?, username?, secretScope }`), parsed
     * once when the row is read. Null when the stored form is not one this version knows (a hand-edited row):
     * the endpoint's deliveries then fail without a request, as unsigned sending would be worse.
     */
    readonly signing: StoredSigning | null;
    /** Extra request headers. */
    readonly headers: Readonly<Record<string, string>>;
    /** Retry delays in seconds (the first is the delay before attempt 1); null = the default schedule. */
    readonly retrySchedule: readonly number[] | null;
  }
>;

/** One version of an application's or endpoint's credential, sealed with the master key. */
export type DeliverySecretRecord = RecordOf<DeliverySecretsTable>;

/** A published outbound event. */
export type MessageRecord = RecordOf<DeliveryMessagesTable>;

/** Delivery states: PENDING (not tried yet) → SUCCESS / FAILED (retrying) / DEAD_LETTER. */
export const DELIVERY_STATES = ['PENDING', 'SUCCESS', 'FAILED', 'DEAD_LETTER'] as const;

/** A delivery state. */
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One (message, endpoint) delivery: its state in the durable queue (the lease stays in the store). */
export type DeliveryRecord = RecordOf<
  DeliveryJobsTable,
  { readonly state: DeliveryState },
  'leaseOwner' | 'leaseToken'
>;

/** Attempt outcomes. */
export type AttemptStatus = 'SUCCESS' | 'FAILED';

/** One attempt: an HTTP exchange, or a failure before or while sending. */
export type AttemptRecord = RecordOf<DeliveryAttemptsTable, { readonly status: AttemptStatus }>;
