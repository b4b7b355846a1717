import type { JobLease } from '../job-leases.ts';
import type { Page, PageRequest } from '../types.ts';
import type {
  ApplicationPatch,
  DeliveryCompletion,
  EndpointPatch,
  EnqueueResult,
  HeldDeliveryLease,
  LeasedDelivery,
  LeaseRequest,
  NewDelivery,
  QueueDepth,
} from './delivery-inputs.ts';
import type {
  ApplicationRecord,
  AttemptRecord,
  AttemptStatus,
  DeliveryRecord,
  DeliverySecretRecord,
  DeliveryState,
  EndpointRecord,
  MessageRecord,
} from './delivery-records.ts';

/** Filters of the message listing. */
/** Filters of the application listing. */
export interface ApplicationFilter extends PageRequest {
  /** Only applications whose current signing secret is at least `periodMs` old at `now`. */
  readonly rotationDue?: { readonly now: number; readonly periodMs: number } | undefined;
}

export interface MessageFilter extends PageRequest {
  readonly applicationId?: string | undefined;
  readonly type?: string | undefined;
}

/** Filters of the attempt listing (newest first). */
export interface AttemptFilter extends PageRequest {
  readonly messageId?: string | undefined;
  readonly endpointId?: string | undefined;
  readonly status?: AttemptStatus | undefined;
}

/** Filters of an endpoint's deliveries (newest first). */
export interface EndpointDeliveryFilter extends PageRequest {
  readonly endpointId: string;
  readonly state?: DeliveryState | undefined;
}

/** The applications messages are published to. */
export interface ApplicationRepository {
  createApplication(application: ApplicationRecord, secret: DeliverySecretRecord): Promise<void>;
  getApplication(id: string): Promise<ApplicationRecord | null>;
  listApplications(filter: ApplicationFilter): Promise<Page<ApplicationRecord>>;
  updateApplication(id: string, patch: ApplicationPatch): Promise<ApplicationRecord | null>;
  /** Deletes the application, its endpoints, messages, deliveries, attempts and secrets. */
  deleteApplication(id: string): Promise<boolean>;
}

/** Where and how an application's messages are delivered. */
export interface EndpointRepository {
  createEndpoint(endpoint: EndpointRecord, secret: DeliverySecretRecord | null): Promise<void>;
  getEndpoint(id: string): Promise<EndpointRecord | null>;
  listEndpoints(applicationId: string, page: PageRequest): Promise<Page<EndpointRecord>>;
  /** Every endpoint of the application (publish fans out to the subscribed ones); null: no such application. */
  endpointsOf(applicationId: string): Promise<readonly EndpointRecord[] | null>;
  /** Applies a patch; disabling also moves the endpoint's unfinished deliveries to DEAD_LETTER. */
  updateEndpoint(id: string, patch: EndpointPatch): Promise<EndpointRecord | null>;
  deleteEndpoint(id: string): Promise<boolean>;
}

/**
 * The sealed credential versions of applications, endpoints and forwarding connections (owner = their id),
 * versioned like connections' credentials (see `credential-versions.ts`).
 */
export interface DeliverySecretRepository {
  /** Secret versions of each owner not expired at `now`, newest first. */
  activeSecrets(
    ownerIds: readonly string[],
    now: number,
  ): Promise<ReadonlyMap<string, DeliverySecretRecord[]>>;
  /** Adds `next` as current; versions active at `now` expire at `retireAt` (now = immediately). */
  rotateSecret(ownerId: string, next: DeliverySecretRecord, now: number, retireAt: number): Promise<void>;
  /** Every delivery secret version (master-key re-encryption). */
  allSecrets(): Promise<readonly DeliverySecretRecord[]>;
  updateSecretMaterial(id: string, material: string): Promise<void>;
}

/** Published messages, their deliveries and attempts, as read by the API. */
export interface MessageRepository {
  /**
   * Commits the message and its deliveries in one transaction (group commit); resolves once durable.
   * An idempotency key already used by the application yields `duplicate` with the first message id.
   */
  enqueue(message: MessageRecord, deliveries: readonly NewDelivery[]): Promise<EnqueueResult>;
  getMessage(id: string): Promise<MessageRecord | null>;
  listMessages(filter: MessageFilter): Promise<Page<MessageRecord>>;
  deliveriesOf(messageId: string): Promise<readonly DeliveryRecord[]>;
  listEndpointDeliveries(filter: EndpointDeliveryFilter): Promise<Page<DeliveryRecord>>;
  listAttempts(filter: AttemptFilter): Promise<Page<AttemptRecord>>;
}

/** The durable delivery queue as the workers, the replay routes and the retention job use it. */
export interface DeliveryQueueRepository {
  /**
   * True when `lease` enforces endpoints' explicit `rateLimit` and `maxConcurrency` for every process on the
   * database (PostgreSQL); false when the one process limits them itself (SQLite).
   */
  readonly sharedLimits: boolean;
  /** Leases due deliveries (PostgreSQL: `FOR UPDATE SKIP LOCKED`); each lease expires at now + leaseMs. */
  lease(request: LeaseRequest): Promise<readonly LeasedDelivery[]>;
  /** Extends held leases to `until` (heartbeat); returns the delivery ids whose lease was still held. */
  renew(leases: readonly HeldDeliveryLease[], until: number): Promise<ReadonlySet<string>>;
  /** The queue's depth by state, for the whole database. */
  queueDepth(): Promise<QueueDepth>;
  /** Records an attempt and the delivery's next state; `lease_lost` when the lease was taken over. */
  complete(completion: DeliveryCompletion): Promise<'applied' | 'lease_lost'>;
  /**
   * Makes the unfinished leases of `owner` due at `now` (graceful stop); `unstarted` ones (never attempted)
   * give their attempt back. Returns how many.
   */
  release(owner: string, now: number, unstarted?: readonly JobLease[]): Promise<number>;

  /** Sends one delivery again (a new retry cycle, same event id). Null when absent. */
  replayDelivery(messageId: string, endpointId: string, now: number): Promise<DeliveryRecord | null>;
  /** Requeues the endpoint's FAILED and DEAD_LETTER deliveries created at or after `since`. */
  replayFailed(endpointId: string, since: number, now: number): Promise<number>;
  /** Enables the endpoint and requeues its DEAD_LETTER deliveries created at or after `since`. */
  recoverEndpoint(endpointId: string, since: number, now: number): Promise<number | null>;

  /** Retention: attempts created before `before`, finished messages created before it, limits of deleted endpoints. */
  purge(before: number): Promise<{ attempts: number; messages: number }>;
}

/**
 * Storage of the outbound side: every delivery repository on the shared Kysely instance, reached as
 * `store.delivery` (applications and endpoints as `store.delivery.applications` and
 * `store.delivery.endpoints`). Both dialects pass test/delivery/store-*.test.ts.
 */
export interface DeliveryStore extends DeliverySecretRepository, MessageRepository, DeliveryQueueRepository {
  readonly applications: ApplicationRepository;
  readonly endpoints: EndpointRepository;
}
