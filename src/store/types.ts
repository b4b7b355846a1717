import type { HistoryOutcome } from '../errors/index.ts';
import type { ConnectionAuth } from './connection-auth.ts';
import type { ConnectionsTable, EventsTable, HistoryTable, SecretVersionsTable } from './database-schema.ts';
import type { DeliveryStore } from './delivery/delivery-types.ts';
import type { EventStreamStore } from './event-stream/event-stream-types.ts';
import type { ForwardLease, ForwardSettings, ForwardStore } from './forward/forward-types.ts';
import type { ProcessingStore } from './processing/processing-types.ts';
import type { RecordOf } from './record-shape.ts';
import type { StatsStore } from './stats-queries.ts';
import type { StoreHealth } from './store-health.ts';

/**
 * The records and repositories of the store. Times are epoch milliseconds; JSON-ish fields are plain objects.
 * Each record is derived from its table (see `record-shape.ts`); the column docs are in database-schema.ts.
 */

/** An inbound connection: where a sender posts, and how its requests are verified. */
export type ConnectionRecord = RecordOf<
  ConnectionsTable,
  {
    /** The scheme of `mode` and the auth object without its credential, parsed once when read. */
    readonly authConfig: ConnectionAuth;
    readonly enabled: boolean;
    /** Where accepted events are forwarded; null or absent = not forwarding. */
    readonly forward?: ForwardSettings | null;
  }
>;

/** One version of a connection's credential; several are active during a rotation grace period. */
export type SecretVersionRecord = RecordOf<
  SecretVersionsTable,
  {
    /** `bcrypt`: material is a bcrypt hash; `encrypted`: an AES-GCM envelope; `public_key`: the key as given. */
    readonly kind: 'bcrypt' | 'encrypted' | 'public_key';
  }
>;

/** One inbound request as the history shows it, accepted or not. */
export type HistoryRecord = RecordOf<
  HistoryTable,
  {
    readonly outcome: HistoryOutcome;
    /** Whitelisted request headers; secret- or signature-bearing ones read `[redacted]`. */
    readonly headers: Readonly<Record<string, string>>;
    /**
     * Problems with a request that was still processed, each `CODE: explanation` (e.g. `INSECURE_TRANSPORT: …`);
     * absent or empty = none.
     */
    readonly warnings?: readonly string[];
  }
>;

/**
 * An accepted event: its exact bytes and what arrived with them. Its place in the event stream (`seq`,
 * `tx_id`) stays inside the store: the stream hands out positions of its own.
 */
export type EventRecord = RecordOf<
  EventsTable,
  {
    /** Redacted the same way as history headers. */
    readonly headers: Readonly<Record<string, string>>;
  },
  'seq' | 'txId'
>;

/** A page of newest-first results; `nextCursor` is passed back to get the next page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface HistoryFilter extends PageRequest {
  readonly connectionId?: string | undefined;
  readonly outcome?: HistoryOutcome | undefined;
  /** Rows received at or after this instant (epoch ms). */
  readonly since?: number | undefined;
  /** Rows received before this instant (epoch ms). */
  readonly until?: number | undefined;
  /** Search text: rows whose search words start with every word of it (see `history-search.ts`). */
  readonly q?: string | undefined;
}

/** What `acceptEvent` did: stored a new event, or found the idempotency key already used. */
export type AcceptResult =
  | { readonly status: 'accepted'; readonly eventId: string; readonly historyId: string }
  | { readonly status: 'duplicate'; readonly eventId: string; readonly historyId: string };

/** Filters of the connection listing. */
export interface ConnectionFilter extends PageRequest {
  /** Only connections whose secret rotation is due at `now` (reminder period: theirs, else `defaultDays`). */
  readonly rotationDue?: { readonly now: number; readonly defaultDays: number } | undefined;
}

export interface ConnectionPatch {
  readonly name?: string;
  /** The auth object without its credential (the scheme follows from the stored mode when read). */
  readonly authConfig?: Readonly<Record<string, unknown>>;
  readonly mode?: string;
  readonly maxBodyBytes?: number | null;
  readonly enabled?: boolean;
  readonly secretPreview?: string | null;
  readonly rotationReminderDays?: number | null;
  readonly forward?: ForwardSettings | null;
  readonly updatedAt: number;
}

/**
 * The forward job an accepted event gets: the inbound headers to forward with it, and, when the local
 * forward worker has room, the lease of its first attempt (taken in the same commit, so the attempt
 * starts right after it without another write).
 */
export interface NewForward {
  readonly headers: Readonly<Record<string, string>>;
  readonly lease?: ForwardLease;
}

/*
 * The store is reached through narrow repositories, one per aggregate, none with more than a handful of
 * operations. A consumer declares only the operations it uses (`Pick<ConnectionRepository, 'getConnection'>`),
 * so its type says what it touches and a test double implements only that. `Store` is their union: what
 * `createStore` returns and the composition root hands out.
 */

/** Opening and closing the database. */
export interface StoreLifecycle {
  /** Creates or upgrades the schema; safe to call on every start. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /**
   * Waits for every queued write (inbound, publishes, delivery and forward completions), then releases the
   * database; later writes are refused. Idempotent.
   */
  close(): Promise<void>;
}

/** Inbound connections: their settings, without their credentials. */
export interface ConnectionRepository {
  createConnection(connection: ConnectionRecord, secret: SecretVersionRecord | null): Promise<void>;
  getConnection(id: string): Promise<ConnectionRecord | null>;
  /** Newest first. */
  listConnections(filter: ConnectionFilter): Promise<Page<ConnectionRecord>>;
  /** Returns the updated record, or null when the connection does not exist. */
  updateConnection(id: string, patch: ConnectionPatch): Promise<ConnectionRecord | null>;
  /** Deletes the connection, its secrets, history, events and idempotency keys. False when absent. */
  deleteConnection(id: string): Promise<boolean>;
}

/** The versions of connections' inbound credentials (see `credential-versions.ts`). */
export interface ConnectionSecretRepository {
  /** Versions not expired at `now`, newest first. */
  activeSecrets(connectionId: string, now: number): Promise<readonly SecretVersionRecord[]>;
  /**
   * Adds `next` as the current version. Versions active at `now` expire at `retireAt`
   * (= now for an immediate rotation, now + grace otherwise). Atomic.
   */
  rotateSecret(connectionId: string, next: SecretVersionRecord, now: number, retireAt: number): Promise<void>;
  /** Every secret version of every connection (for master-key re-encryption). */
  allSecrets(): Promise<readonly SecretVersionRecord[]>;
  updateSecretMaterial(id: string, material: string): Promise<void>;
}

/** The inbound log: accepted events, their idempotency keys, and the history of every request. */
export interface InboundLogRepository {
  /** The event id already stored under this idempotency key, if any (fast path, not the arbiter). */
  findIdempotencyKey(connectionId: string, key: string): Promise<string | null>;
  /**
   * Commits the event, its history row and its idempotency key (if any) in one transaction, batched with
   * concurrent calls (group commit). A key already used yields `duplicate` with the first event id and
   * records `history` with outcome DUPLICATE instead; exact under concurrency (unique constraint).
   * Resolves only after the commit is durable. With `forward`, an accepted (not duplicate) event's forward
   * job is committed in the same transaction.
   */
  acceptEvent(event: EventRecord, history: HistoryRecord, forward?: NewForward): Promise<AcceptResult>;
  /** Records a history row for a request that was not accepted. */
  recordHistory(history: HistoryRecord): Promise<void>;
  /** Adds `count` to the row's `repeatCount`; false when the row no longer exists (purged or deleted). */
  addHistoryRepeats(historyId: string, count: number): Promise<boolean>;
  listHistory(filter: HistoryFilter): Promise<Page<HistoryRecord>>;
  getHistory(id: string): Promise<HistoryRecord | null>;
  /** The rows with these ids that exist (deleted ones are left out), oldest first. */
  getHistoryRows(ids: readonly string[]): Promise<HistoryRecord[]>;
  getEvent(id: string): Promise<EventRecord | null>;
}

/** Small key/value settings (admin token hash, …). */
export interface SettingsRepository {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /**
   * Stores `value` under `key` unless the key already has one, and returns the value stored: the first
   * writer wins, also when several processes race (unique key, no check-then-write).
   */
  claimSetting(key: string, value: string): Promise<string>;
}

/** Retention and cluster-wide mutual exclusion of maintenance work. */
export interface MaintenanceRepository {
  /** Deletes history rows and events received before `before`, idempotency keys before `keysBefore`. */
  purge(before: number, keysBefore: number): Promise<{ history: number; events: number; keys: number }>;
  /**
   * Runs `work` only when no other process runs work under the same `name` (PostgreSQL: a transaction
   * advisory lock, released at the end or when the process dies; SQLite has one process and always runs).
   * Returns `{ ran: false }` at once when another process holds it.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<ExclusiveResult<T>>;
}

/**
 * The storage contract: every repository of one database. Two implementations (SQLite via node:sqlite,
 * PostgreSQL via pg) pass the same suites in test/store/, test/delivery/store-*, test/forward/ and
 * test/processing/. The inbound repositories are members; the other parts are reached by name.
 */
export interface Store
  extends StoreLifecycle,
    ConnectionRepository,
    ConnectionSecretRepository,
    InboundLogRepository,
    MaintenanceRepository {
  /** Small key/value settings (admin token hash, …). */
  readonly settings: SettingsRepository;
  /** Outbound delivery: applications, endpoints, their secrets, messages, the queue and attempts. */
  readonly delivery: DeliveryStore;
  /** Inbound processing: settings and samples, contacts, flows and runs, the processing queue. */
  readonly processing: ProcessingStore;
  /** Aggregates over history and delivery attempts (dashboard charts, `/api/v1/stats`). */
  readonly stats: StatsStore;
  /** Whether the database is reachable, as the latest query found it (see `isStoreUnavailable`). */
  readonly health: StoreHealth;
  /** Stored events in commit order, read by a cursor (`GET /api/v1/events/stream`). */
  readonly eventStream: EventStreamStore;
  /** Forwarding of accepted events: queue, attempts, redelivery. */
  readonly forward: ForwardStore;
}

/** What `exclusive` did: ran the work (with its value), or skipped it because another process runs it. */
export type ExclusiveResult<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };
