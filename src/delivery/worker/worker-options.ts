import type { Clock } from '../../core/index.ts';
import type { Logger } from '../../observability/index.ts';
import type { SecretBox } from '../../secrets/index.ts';
import type {
  AttemptRecord,
  DeliveryQueueRepository,
  DeliverySecretRepository,
  EndpointRecord,
  EnqueueLease,
  LeasedDelivery,
} from '../../store/index.ts';

/** What a delivery worker uses of the store: the queue, and the credentials to sign with. */
export interface DeliveryWorkerStore {
  readonly delivery: Pick<
    DeliveryQueueRepository,
    'sharedLimits' | 'lease' | 'renew' | 'complete' | 'release'
  > &
    Pick<DeliverySecretRepository, 'activeSecrets'>;
}

import type { Transport } from '../http/http-transport.ts';
import type { Resolver } from '../ssrf/destination-guard.ts';

/** What one outbound attempt (a delivery or a forward) needs besides the leased job. */
export interface AttemptContext {
  readonly clock: Clock;
  readonly transport: Transport;
  readonly random: () => number;
  /** `HOOKGATE_RETRY_SCHEDULE` (or the Standard Webhooks default); an endpoint or connection may override. */
  readonly defaultSchedule: readonly number[];
  /** Plaintext secrets of the owner (application, endpoint or connection), newest first. */
  readonly secrets: readonly string[];
  readonly signal: AbortSignal;
}

/**
 * What both outbound workers (deliveries and forwards, on the one lease engine) are built from; everything
 * but clock, logger and secretBox has a default.
 */
export interface OutboundWorkerOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secretBox: Pick<SecretBox, 'open'>;
  /** Sends the requests; default: the SSRF-guarded undici transport. */
  readonly transport?: Transport;
  /** For the default transport: `HOOKGATE_ALLOW_PRIVATE_DESTINATIONS`. */
  readonly allowPrivateDestinations?: boolean;
  /** For the default transport: how host names resolve (default: the system resolver). */
  readonly resolver?: Resolver;
  /** For the default transport: connect timeout (5 s) and whole-exchange timeout (15 s). */
  readonly connectTimeoutMs?: number;
  readonly timeoutMs?: number;
  /** Retry delays in seconds (`HOOKGATE_RETRY_SCHEDULE`); an endpoint or connection may set its own. */
  readonly retrySchedule?: readonly number[];
  /** Jitter source in [0, 1); tests pass `() => 0.5` for exact delays. */
  readonly random?: () => number;
  /**
   * How long a lease lasts before another worker may take the job (default 15 s): a crashed worker's jobs
   * are sent by another within about this long. A live worker renews its leases while they are held.
   */
  readonly leaseMs?: number;
  /** How often held leases are renewed (default a third of `leaseMs`). */
  readonly heartbeatMs?: number;
  /** Jobs leased per round (default 100). */
  readonly batchSize?: number;
  /** Requests in flight at once in this worker (default 256). */
  readonly concurrency?: number;
  /** Production loop: how often to look for due work when idle (default 1 s). */
  readonly pollIntervalMs?: number;
}

/** What a delivery worker is built from; everything but store, clock, logger and secretBox has a default. */
export interface DeliveryWorkerOptions extends OutboundWorkerOptions {
  readonly store: DeliveryWorkerStore;
  /** Recorded on leases; default a random `worker-…` id. */
  readonly workerId?: string;
  /** Per-endpoint in-flight limit when the endpoint sets none (default 20). */
  readonly defaultMaxConcurrency?: number;
  /** Production loop: completions are written together at most this long after they happen (default 10 ms). */
  readonly completionFlushMs?: number;
  /** Told about every attempt as it completes, before it is written (the gateway counts them in /metrics). */
  readonly onAttempt?: (attempt: AttemptRecord) => void;
}

/**
 * The running local worker as the publisher sees it: a first attempt is leased inside the publish
 * transaction and handed over in memory, so no separate lease commit stands between publish and send.
 */
export interface LocalDispatch {
  /** A lease for one delivery to `endpoint`, or null when the worker has no room (it is queued instead). */
  reserve(endpoint: EndpointRecord): EnqueueLease | null;
  /** Gives back a reservation (by its lease token) that was not used (publish failed, or a duplicate). */
  cancel(token: string): void;
  /** Starts the first attempts of committed deliveries leased through `reserve`. */
  handoff(leased: readonly LeasedDelivery[]): void;
}

/** What one `runOnce` did. */
export interface RunSummary {
  readonly leased: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly deadLettered: number;
  /** Completions dropped because the lease had been taken over (replay, expiry). */
  readonly leaseLost: number;
}

/** A delivery worker. Tests drive `runOnce` with an injected clock; production calls `start`. */
export interface DeliveryWorker extends LocalDispatch {
  readonly id: string;
  /** Leases one batch of due deliveries, works them all, commits the results. */
  runOnce(): Promise<RunSummary>;
  /** Alias of `runOnce`. */
  tick(): Promise<RunSummary>;
  /** Starts the loop: works due deliveries continuously, polling when idle. */
  start(): void;
  /**
   * Stops leasing and waits for the requests in flight. `abandon: true` simulates a crash: requests are
   * aborted and nothing more is written, so their leases simply expire.
   */
  stop(options?: { readonly abandon?: boolean }): Promise<void>;
  /** Wakes the loop (a message was just queued in this process). */
  notify(): void;
  /** How many deliveries are being sent or recorded right now. */
  inFlight(): number;
  /** Closes the default transport (after `stop`). */
  close(): Promise<void>;
}
