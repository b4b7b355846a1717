import type { StoredSigning } from '../../delivery/index.ts';
import type {
  AttemptRecord,
  DeliveryRecord,
  DeliveryState,
  EndpointRecord,
  MessageRecord,
} from './delivery-records.ts';

/** Fields of an application that may change. */
export interface ApplicationPatch {
  readonly name?: string;
  readonly secretPreview?: string;
  readonly updatedAt: number;
}

/** Fields of an endpoint that may change; absent fields stay as they are. */
export interface EndpointPatch {
  readonly url?: string;
  readonly description?: string | null;
  readonly eventTypes?: readonly string[] | null;
  readonly enabled?: boolean;
  readonly disabledReason?: string | null;
  readonly rateLimit?: number | null;
  readonly maxConcurrency?: number | null;
  readonly signing?: StoredSigning;
  readonly secretPreview?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly retrySchedule?: readonly number[] | null;
  readonly updatedAt: number;
}

/** A lease taken at enqueue time by the local worker (its first attempt starts right after the commit). */
export interface EnqueueLease {
  readonly token: string;
  readonly owner: string;
  /** The lease's expiry: the job is due again then if the worker never completes it. */
  readonly until: number;
}

/**
 * A delivery to create with its message: PENDING (due at the message's time, or already leased for its
 * first attempt when `lease` is given), or DEAD_LETTER at once.
 */
export interface NewDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly state: 'PENDING' | 'DEAD_LETTER';
  readonly lastError: string | null;
  readonly lease?: EnqueueLease;
}

/** What `enqueue` did. */
export type EnqueueResult =
  | { readonly status: 'queued'; readonly messageId: string }
  | { readonly status: 'duplicate'; readonly messageId: string };

/** A due delivery offered to the worker before it is leased. */
export interface LeaseCandidate {
  readonly deliveryId: string;
  readonly endpointId: string;
  readonly maxConcurrency: number | null;
  readonly rateLimit: number | null;
}

/** What to lease. */
export interface LeaseRequest {
  readonly now: number;
  readonly limit: number;
  readonly leaseMs: number;
  /** The worker's id, recorded on the lease (released on a graceful stop). */
  readonly owner: string;
  /** Endpoints already at their concurrency or rate limit in this worker. */
  readonly excludeEndpoints: readonly string[];
  /** Called per candidate inside the leasing transaction; false leaves it for later. */
  admit(candidate: LeaseCandidate): boolean;
  /**
   * Told when a store that shares endpoint limits (`DeliveryStore.sharedLimits`) left an endpoint's due
   * deliveries because it is at its cluster-wide rate or in-flight limit, and when it is worth trying again.
   */
  limited?(endpointId: string, retryAt: number): void;
}

/** A lease the worker holds, as presented to renew it. */
export interface HeldDeliveryLease {
  readonly deliveryId: string;
  readonly leaseToken: string;
}

/** Unfinished and dead-lettered deliveries of the whole queue (the `/metrics` gauge). */
export interface QueueDepth {
  /** PENDING: not tried yet (including first attempts in flight). */
  readonly pending: number;
  /** FAILED: waiting for their next attempt (or in it). */
  readonly retrying: number;
  readonly dead: number;
}

/** A leased delivery with everything needed to send it. `delivery.attempts` counts this attempt. */
export interface LeasedDelivery {
  readonly delivery: DeliveryRecord;
  readonly leaseToken: string;
  readonly message: MessageRecord;
  readonly endpoint: EndpointRecord;
}

/** The result of working on a leased delivery. */
export interface DeliveryCompletion {
  readonly deliveryId: string;
  readonly leaseToken: string;
  readonly now: number;
  /** The attempt to record; null when nothing was attempted (e.g. the endpoint was disabled meanwhile). */
  readonly attempt: AttemptRecord | null;
  readonly attempts: number;
  readonly state: DeliveryState;
  readonly dueAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  /** Disables the endpoint (410 Gone) and dead-letters its other unfinished deliveries. */
  readonly disableEndpoint?: { readonly endpointId: string; readonly reason: string };
}
