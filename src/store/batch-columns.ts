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

/**
 * A row as its values in `Columns` order: what a batch carries to the SQLite writer thread and what its
 * prepared statements bind, as they are.
 */
export type RowValues<Row, Columns extends readonly (keyof Row)[]> = {
  readonly [I in keyof Columns]: Columns[I] extends keyof Row ? Exclude<Row[Columns[I]], undefined> : never;
};

/** An `events` row in EVENT_COLUMNS order. */
export type EventValues = RowValues<EventsTable, typeof EVENT_COLUMNS>;
/** A `history` row in HISTORY_COLUMNS order. */
export type HistoryValues = RowValues<HistoryTable, typeof HISTORY_COLUMNS>;
/** A `forward_jobs` row in FORWARD_COLUMNS order. */
export type ForwardValues = RowValues<ForwardJobsTable, typeof FORWARD_COLUMNS>;

/** The values of `row` in `columns` order (an absent column as null, as an INSERT of the row would). */
export function rowValues<Row, const Columns extends readonly (keyof Row)[]>(
  columns: Columns,
  row: Row,
): RowValues<Row, Columns> {
  return columns.map((column) => row[column] ?? null) as RowValues<Row, Columns>;
}

/** `row` (values in `columns` order) as an object keyed by column, for Kysely's query builder. */
export function rowObject<Table, const Columns extends readonly (keyof Table)[]>(
  columns: Columns,
  row: RowValues<Table, Columns>,
): Table {
  const object: Partial<Table> = {};
  for (const [index, column] of columns.entries()) object[column] = row[index] as Table[typeof column];
  return object as Table;
}

/** Each column of `Columns` with its position, as a literal type (so a row's value there keeps its type). */
type Positions<Columns extends readonly string[]> = {
  readonly [I in keyof Columns & `${number}` as Columns[I] & string]: I extends `${infer N extends number}`
    ? N
    : never;
};

/** Each column's position in `columns`: where a batch writer finds it in a row's values. */
function positions<const Columns extends readonly string[]>(columns: Columns): Positions<Columns> {
  return Object.fromEntries(columns.map((column, index) => [column, index])) as Positions<Columns>;
}

/** Where each `events` column is in EventValues. */
export const EVENT = positions(EVENT_COLUMNS);
/** Where each `history` column is in HistoryValues. */
export const HISTORY = positions(HISTORY_COLUMNS);
