import { type Kysely, sql } from 'kysely';
import {
  deleteConnectionRow,
  insertConnection,
  listConnectionPage,
  selectConnection,
  updateConnectionRow,
} from './connection-queries.ts';
import { CONNECTION_SECRETS, type CredentialVersions, credentialVersions } from './credential-versions.ts';
import type { Database, StoreDialect } from './database-schema.ts';
import type { DeliveryStore } from './delivery/delivery-types.ts';
import { createDeliveryStore } from './delivery/kysely-delivery-store.ts';
import { createEventStreamStore } from './event-stream/event-stream-queries.ts';
import type { EventStreamStore } from './event-stream/event-stream-types.ts';
import type { ForwardStore } from './forward/forward-types.ts';
import { createForwardStore } from './forward/kysely-forward-store.ts';
import { type GroupCommitQueue, GroupCommitQueues } from './group-commit.ts';
import {
  addRepeats,
  listHistoryPage,
  selectEvent,
  selectHistory,
  selectHistoryRows,
  selectIdempotencyKey,
} from './history-queries.ts';
import {
  insertSettingOnce,
  purgeOldRows,
  runExclusive,
  selectSetting,
  upsertSetting,
} from './maintenance-queries.ts';
import { migrateToLatest } from './migrations/run-migrations.ts';
import { createPgSearchIndexer, type PgSearchIndexer } from './pg-search-indexer.ts';
import { createProcessingStore } from './processing/kysely-processing-store.ts';
import type { ProcessingStore } from './processing/processing-types.ts';
import { createStatsStore, type StatsStore } from './stats-queries.ts';
import { isPerItemFailure } from './store-errors.ts';
import type { StoreHealth } from './store-health.ts';
import type {
  AcceptResult,
  ConnectionFilter,
  ConnectionPatch,
  ConnectionRecord,
  EventRecord,
  ExclusiveResult,
  HistoryFilter,
  HistoryRecord,
  NewForward,
  Page,
  SecretVersionRecord,
  SettingsRepository,
  Store,
} from './types.ts';
import type { WriteItem, WriteResult } from './write-batch.ts';

/** Largest number of writes committed in one group-commit transaction. */
export const MAX_WRITE_BATCH = 256;

/** How a KyselyStore is wired: the Kysely instance, its dialect, and (PostgreSQL) the schema to use. */
export interface KyselyStoreOptions {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  readonly schema?: string | undefined;
  /** Runs after the Kysely instance is destroyed (e.g. closing a handle Kysely never opened). */
  readonly afterClose?: (() => void | Promise<void>) | undefined;
  /**
   * Commits a group-commit batch in one transaction: SQLite's writer thread (prepared statements), or
   * PostgreSQL's one-statement batch on the pool (`pg-batch-commit.ts`).
   */
  readonly commitBatch: (items: readonly WriteItem[]) => Promise<readonly WriteResult[]>;
  /** The store's reachability, fed with the outcome of every query by whoever opened `db`. */
  readonly health: StoreHealth;
}

/**
 * The Store, once for both dialects: queries are built with Kysely and shared; `acceptEvent` and
 * `recordHistory` go through one group-commit queue.
 */
export class KyselyStore implements Store {
  readonly #options: KyselyStoreOptions;
  readonly #db: Kysely<Database>;
  readonly delivery: DeliveryStore;
  readonly processing: ProcessingStore;
  readonly stats: StatsStore;
  readonly health: StoreHealth;
  readonly eventStream: EventStreamStore;
  readonly forward: ForwardStore;
  readonly settings: SettingsRepository;
  readonly #queues = new GroupCommitQueues();
  readonly #writes: GroupCommitQueue<WriteItem, WriteResult>;
  readonly #secrets: CredentialVersions<SecretVersionRecord>;
  /** PostgreSQL: indexes committed history rows for search (SQLite's writer thread does its own). */
  readonly #searchIndexer: PgSearchIndexer | null;
  #closing: Promise<void> | null = null;

  /** @param options the Kysely instance and dialect; the store owns and destroys the instance. */
  constructor(options: KyselyStoreOptions) {
    this.#options = options;
    this.#db = options.db;
    this.delivery = createDeliveryStore(options.db, options.dialect, this.#queues);
    this.processing = createProcessingStore(options.db, options.dialect);
    this.stats = createStatsStore(options.db);
    this.health = options.health;
    this.eventStream = createEventStreamStore(options.db, options.dialect);
    this.forward = createForwardStore(options.db, options.dialect, this.#queues);
    this.settings = {
      getSetting: (key) => selectSetting(options.db, key),
      setSetting: (key, value) => upsertSetting(options.db, key, value),
      claimSetting: (key, value) => insertSettingOnce(options.db, key, value),
    };
    this.#secrets = credentialVersions(options.db, options.dialect, CONNECTION_SECRETS);
    const indexer = options.dialect === 'postgres' ? createPgSearchIndexer(options.db) : null;
    this.#searchIndexer = indexer;
    const commit = options.commitBatch;
    this.#writes = this.#queues.open(
      indexer === null
        ? commit
        : async (items) => {
            const results = await commit(items);
            indexer.poke();
            return results;
          },
      MAX_WRITE_BATCH,
      isPerItemFailure,
    );
  }

  async migrate(): Promise<void> {
    await migrateToLatest(this.#db, this.#options.dialect, this.#options.schema);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  /**
   * Waits for every queued write (inbound, publishes, delivery and forward completions), then releases the
   * database; later calls return the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.#queues.closeAll();
        await this.#searchIndexer?.close();
        await this.#db.destroy();
      } finally {
        await this.#options.afterClose?.();
      }
    })();
    return this.#closing;
  }

  createConnection(connection: ConnectionRecord, secret: SecretVersionRecord | null): Promise<void> {
    return insertConnection(this.#db, connection, secret);
  }

  getConnection(id: string): Promise<ConnectionRecord | null> {
    return selectConnection(this.#db, id);
  }

  listConnections(filter: ConnectionFilter): Promise<Page<ConnectionRecord>> {
    return listConnectionPage(this.#db, filter);
  }

  updateConnection(id: string, patch: ConnectionPatch): Promise<ConnectionRecord | null> {
    return updateConnectionRow(this.#db, id, patch);
  }

  deleteConnection(id: string): Promise<boolean> {
    return deleteConnectionRow(this.#db, id);
  }

  async activeSecrets(connectionId: string, now: number): Promise<readonly SecretVersionRecord[]> {
    return (await this.#secrets.active([connectionId], now)).get(connectionId) ?? [];
  }

  rotateSecret(
    connectionId: string,
    next: SecretVersionRecord,
    now: number,
    retireAt: number,
  ): Promise<void> {
    return this.#secrets.rotate(connectionId, next, now, retireAt);
  }

  allSecrets(): Promise<readonly SecretVersionRecord[]> {
    return this.#secrets.all();
  }

  updateSecretMaterial(id: string, material: string): Promise<void> {
    return this.#secrets.setMaterial(id, material);
  }

  findIdempotencyKey(connectionId: string, key: string): Promise<string | null> {
    return selectIdempotencyKey(this.#db, connectionId, key);
  }

  acceptEvent(event: EventRecord, history: HistoryRecord, forward?: NewForward): Promise<AcceptResult> {
    const item: WriteItem =
      forward === undefined
        ? { kind: 'accept', event, history }
        : { kind: 'accept', event, history, forward };
    // Both batch writers answer an `accept` item `accepted` or `duplicate`, never `recorded` (`resultOf`,
    // pg-batch-commit.ts): handed on as it is, without an async wrapper (a promise and a microtask turn
    // more on every accepted event) to narrow it.
    return this.#writes.submit(item) as Promise<AcceptResult>;
  }

  async recordHistory(history: HistoryRecord): Promise<void> {
    await this.#writes.submit({ kind: 'history', history });
  }

  addHistoryRepeats(historyId: string, count: number): Promise<boolean> {
    return addRepeats(this.#db, historyId, count);
  }

  listHistory(filter: HistoryFilter): Promise<Page<HistoryRecord>> {
    return listHistoryPage(this.#db, this.#options.dialect, filter);
  }

  getHistoryRows(ids: readonly string[]): Promise<HistoryRecord[]> {
    return selectHistoryRows(this.#db, ids);
  }

  getHistory(id: string): Promise<HistoryRecord | null> {
    return selectHistory(this.#db, id);
  }

  getEvent(id: string): Promise<EventRecord | null> {
    return selectEvent(this.#db, id);
  }

  purge(before: number, keysBefore: number): Promise<{ history: number; events: number; keys: number }> {
    return purgeOldRows(this.#db, before, keysBefore);
  }

  exclusive<T>(name: string, work: () => Promise<T>): Promise<ExclusiveResult<T>> {
    return runExclusive(this.#db, this.#options.dialect, name, work);
  }
}
