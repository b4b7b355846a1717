import type { JobLease } from '../job-leases.ts';
import type { RecordOf } from '../record-shape.ts';
import type { Page, PageRequest } from '../types.ts';
import type { ForwardAttemptsTable, ForwardJobsTable } from './forward-tables.ts';

/** Where a connection forwards its accepted events; stored with the connection (null = not forwarding). */
export interface ForwardSettings {
  readonly url: string;
  /** Added to every forward; never replaces `webhook-*`, `x-hookgate-*` or `content-type`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Delays in seconds before each attempt; null = the gateway's schedule (`HOOKGATE_RETRY_SCHEDULE`). */
  readonly retrySchedule: readonly number[] | null;
  /** Whole-exchange timeout of one attempt; null = the transport's default. */
  readonly timeoutMs: number | null;
  /** First 6 and last 4 characters of the newest forwarding secret. */
  readonly secretPreview: string;
  readonly enabled: boolean;
}

/** Where a forward stands: `pending` (queued or retrying), `delivered`, `failed` (final 4xx), `dead`. */
export type ForwardState = 'pending' | 'delivered' | 'failed' | 'dead';

/** The forward states, for schemas and narrowing. */
export const FORWARD_STATES: readonly ForwardState[] = ['pending', 'delivered', 'failed', 'dead'];

/** What a history row shows of its event's forward. */
export interface ForwardSummary {
  readonly status: ForwardState;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
}

/** A forward whose state was just recorded (for the live tail). */
export interface ForwardChange {
  readonly eventId: string;
  readonly connectionId: string;
  readonly forward: ForwardSummary;
}

/**
 * A forward job as stored (columns documented on `ForwardJobsTable`); the lease stays in the store.
 * `attempts` counts every attempt made, across redeliveries.
 */
export type ForwardJobRecord = RecordOf<
  ForwardJobsTable,
  {
    readonly state: ForwardState;
    /** The inbound headers to forward. */
    readonly headers: Readonly<Record<string, string>>;
  },
  'leaseOwner' | 'leaseToken' | 'updatedAt'
>;

/** One attempt: `success` for a 2xx, else `failed` (with the status code or the transport error). */
export type ForwardAttemptRecord = RecordOf<ForwardAttemptsTable, { readonly status: 'success' | 'failed' }>;

/**
 * A leased job with what sending it needs: the event's exact bytes and content type, and the
 * connection's forwarding settings as they are now (null: forwarding was turned off meanwhile).
 */
export interface LeasedForward {
  readonly job: ForwardJobRecord;
  readonly leaseToken: string;
  readonly settings: ForwardSettings | null;
  readonly body: Uint8Array;
  readonly contentType: string | null;
}

/** A lease on a job: its fencing token, its holder, and when it expires (the job is due again then). */
export interface ForwardLease {
  readonly token: string;
  readonly owner: string;
  readonly until: number;
}

/** What to lease. */
export interface ForwardLeaseRequest {
  readonly now: number;
  readonly limit: number;
  readonly leaseMs: number;
  readonly owner: string;
  /** Connections already at their concurrency limit in this worker. */
  readonly excludeConnections: readonly string[];
  /** Called per candidate inside the leasing transaction; false leaves it for later. */
  admit(candidate: { readonly eventId: string; readonly connectionId: string }): boolean;
}

/** The result of one attempt: the attempt row (null when nothing was attempted) and the job's next state. */
export interface ForwardCompletion {
  readonly eventId: string;
  readonly leaseToken: string;
  readonly now: number;
  readonly attempt: ForwardAttemptRecord | null;
  readonly state: ForwardState;
  readonly dueAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
}

/** Which finished forwards a bulk redelivery takes. */
export interface RedeliverFilter {
  readonly connectionId: string;
  /** Events received at or after / before these instants. */
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  /** `failed`: forwards that ended `failed` or `dead`; `all`: every forward of the connection. */
  readonly status: 'failed' | 'all';
}

/**
 * Storage of forwarding: the queue (jobs are inserted by the inbound group commit, see write-batch.ts),
 * leases, completions, attempts and redelivery. Reached as `store.forward`; both dialects pass
 * test/forward/forward-store.test.ts.
 */
export interface ForwardStore {
  /** Leases due jobs (PostgreSQL: `FOR UPDATE SKIP LOCKED`); each lease expires at now + leaseMs. */
  lease(request: ForwardLeaseRequest): Promise<readonly LeasedForward[]>;
  /** Records the attempt and the job's next state; `lease_lost` when the lease was taken over. */
  complete(completion: ForwardCompletion): Promise<'applied' | 'lease_lost'>;
  /** Extends held leases to `until` (heartbeat); returns the event ids whose lease was still held. */
  renew(leases: readonly JobLease[], until: number): Promise<ReadonlySet<string>>;
  /**
   * Makes the unfinished leases of `owner` due at `now` (graceful stop); `unstarted` ones (never attempted)
   * give their attempt back.
   */
  release(owner: string, now: number, unstarted?: readonly JobLease[]): Promise<number>;
  /** The job of an event, or null. */
  getJob(eventId: string): Promise<ForwardJobRecord | null>;
  /** Summaries of the forwards of these events (events without a job are absent). */
  summaries(eventIds: readonly string[]): Promise<ReadonlyMap<string, ForwardSummary>>;
  /** An event's attempts, newest first. */
  listAttempts(eventId: string, page: PageRequest): Promise<Page<ForwardAttemptRecord>>;
  /**
   * Queues an event's forward again now (a new retry cycle); an event accepted before forwarding was
   * turned on gets its job here (`headers` then are the ones to forward). False when the event is absent.
   */
  redeliver(
    eventId: string,
    connectionId: string,
    headers: Readonly<Record<string, string>>,
    now: number,
  ): Promise<boolean>;
  /** Queues again every finished forward matching the filter; returns how many. */
  redeliverMany(filter: RedeliverFilter, now: number): Promise<number>;
  /** Deletes a connection's forwarding secrets (the connection itself is deleted by the core store). */
  deleteSecrets(connectionId: string): Promise<void>;
}
