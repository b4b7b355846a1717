import type { ColumnType } from 'kysely';
import type { DeliveryTables } from './delivery/delivery-tables.ts';
import type { EventStreamColumns } from './event-stream/event-stream-tables.ts';
import type { ForwardTables } from './forward/forward-tables.ts';
import type { ProcessingTables } from './processing/processing-tables.ts';

/** Which SQL engine a store talks to; the queries are shared, a few column types are not. */
export type StoreDialect = 'sqlite' | 'postgres';

/**
 * A boolean column: PostgreSQL stores `boolean`, SQLite stores 0/1 (the SQLite adapter binds booleans
 * as integers), so reads may yield either form.
 */
type BooleanColumn = ColumnType<boolean | number, boolean, boolean>;

/** Row shape of `connections`. Times are epoch milliseconds; `auth_config` is JSON text. */
export interface ConnectionsTable {
  id: string;
  name: string;
  /** The auth mode id (`shared_secret`, `hmac`, `stripe`, …). */
  mode: string;
  auth_config: string;
  /** First 6 and last 4 characters of the current credential, e.g. `a1b2c3…wxyz`; null for none. */
  secret_preview: string | null;
  /** Per-connection body limit; null = the global default. */
  max_body_bytes: number | null;
  enabled: BooleanColumn;
  /** JSON of the forwarding settings; null = not forwarding (migration 0006). */
  forward: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: number;
  updated_at: number;
  /** Days after its secret was created that a rotation is due; null = the gateway default. */
  rotation_reminder_days: number | null;
}

/** Row shape of `secret_versions`. */
export interface SecretVersionsTable {
  id: string;
  connection_id: string;
  kind: string;
  material: string;
  created_at: number;
  /** After this instant the version no longer verifies; null = no expiry. */
  expires_at: number | null;
}

/** Row shape of `history`; `headers` is JSON text. */
export interface HistoryTable {
  id: string;
  connection_id: string;
  received_at: number;
  outcome: string;
  /**
   * Human message, e.g. `UNAUTHORIZED: Invalid secret`; null for plain acceptance.
   * U+0000 is stored as U+FFFD (PostgreSQL text cannot hold it), as in `body_preview` and `contact_id`.
   */
  message: string | null;
  headers: string;
  /**
   * The first 4 KB of the body as text (invalid UTF-8 replaced; U+0000 is stored as U+FFFD). Empty on the row
   * of an accepted event whose preview is read from the event's body (see body-preview.ts).
   */
  body_preview: string;
  body_size: number;
  event_id: string | null;
  duplicate_of: string | null;
  contact_id: string | null;
  /** How many identical refused requests the row stands for (1 for every other row). */
  repeat_count: number;
  /** JSON array of warning strings; null = none. */
  warnings: string | null;
}

/**
 * Row shape of `events`; `body` is `bytea` (PostgreSQL) or `BLOB` (SQLite), stored verbatim. The row also
 * holds the event's place in the event stream (`seq`, `tx_id`: see `EventStreamColumns`).
 */
export interface EventsTable extends EventStreamColumns {
  id: string;
  connection_id: string;
  received_at: number;
  content_type: string | null;
  headers: string;
  /** The raw body bytes exactly as received. */
  body: Uint8Array;
  /** U+0000 is stored (and looked up) as U+FFFD, as in `content_type`: PostgreSQL text cannot hold it. */
  idempotency_key: string | null;
}

/** Row shape of `idempotency_keys`: the first event stored under (connection_id, key). */
export interface IdempotencyKeysTable {
  connection_id: string;
  key: string;
  event_id: string;
  created_at: number;
}

/** Row shape of `settings`. */
export interface SettingsTable {
  key: string;
  value: string;
}

/** The core tables: connections, their secrets, history, events, idempotency keys, settings. */
export interface CoreTables {
  connections: ConnectionsTable;
  secret_versions: SecretVersionsTable;
  history: HistoryTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
}

/** The whole schema as Kysely sees it: core, delivery, processing and forwarding tables. */
export interface Database extends CoreTables, DeliveryTables, ProcessingTables, ForwardTables {}
