import type { EventsTable, HistoryTable } from './database-schema.ts';
import type { ForwardJobsTable } from './forward/forward-tables.ts';
import type { PgArrayType } from './pg-binary-arrays.ts';

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

/**
 * The PostgreSQL type of each batch column: the PostgreSQL writer binds every column of a batch as one
 * array of this type (`pg-batch-commit.ts`). A column added to a list above needs its type here.
 */
export const PG_COLUMN_TYPES = {
  events: {
    id: 'text',
    connection_id: 'text',
    received_at: 'bigint',
    content_type: 'text',
    headers: 'text',
    body: 'bytea',
    idempotency_key: 'text',
  },
  history: {
    id: 'text',
    connection_id: 'text',
    received_at: 'bigint',
    outcome: 'text',
    message: 'text',
    headers: 'text',
    body_preview: 'text',
    body_size: 'integer',
    event_id: 'text',
    duplicate_of: 'text',
    contact_id: 'text',
    repeat_count: 'integer',
    warnings: 'text',
  },
  forward_jobs: {
    event_id: 'text',
    connection_id: 'text',
    state: 'text',
    attempts: 'integer',
    schedule_base: 'integer',
    due_at: 'bigint',
    lease_owner: 'text',
    lease_token: 'text',
    last_status: 'integer',
    last_error: 'text',
    headers: 'text',
    created_at: 'bigint',
    updated_at: 'bigint',
  },
} as const satisfies {
  readonly events: Record<(typeof EVENT_COLUMNS)[number], PgArrayType>;
  readonly history: Record<(typeof HISTORY_COLUMNS)[number], PgArrayType>;
  readonly forward_jobs: Record<(typeof FORWARD_COLUMNS)[number], PgArrayType>;
};
