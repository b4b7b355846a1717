import type { EventsTable, HistoryTable } from './database-schema.ts';
import type { ForwardJobsTable } from './forward/forward-tables.ts';

/*
 * The columns the accept path's batch writer inserts, in binding order, for both dialects (the PostgreSQL
 * multi-row INSERT and SQLite's prepared statements): every row mapper sets each of them.
 */

/** Columns of an `events` row. */
export const EVENT_COLUMNS = [
  'id',
  'connection_id',
  'received_at',
  'content_type',
  'headers',
  'body',
  'idempotency_key',
] as const satisfies readonly (keyof EventsTable)[];

/** Columns of a `history` row. */
export const HISTORY_COLUMNS = [
  'id',
  'connection_id',
  'received_at',
  'outcome',
  'message',
  'headers',
  'body_preview',
  'body_size',
  'event_id',
  'duplicate_of',
  'contact_id',
  'repeat_count',
  'warnings',
] as const satisfies readonly (keyof HistoryTable)[];

/** Columns of a `forward_jobs` row. */
export const FORWARD_COLUMNS = [
  'event_id',
  'connection_id',
  'state',
  'attempts',
  'schedule_base',
  'due_at',
  'lease_owner',
  'lease_token',
  'last_status',
  'last_error',
  'headers',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ForwardJobsTable)[];
