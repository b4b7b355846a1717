import type { Insertable, Selectable } from 'kysely';
import { withoutNulOrNull } from '../row-mappers.ts';
import type { ForwardAttemptsTable, ForwardJobsTable } from './forward-tables.ts';
import {
  FORWARD_STATES,
  type ForwardAttemptRecord,
  type ForwardJobRecord,
  type ForwardLease,
  type ForwardState,
} from './forward-types.ts';

/** Narrows a stored state string. */
export function toForwardState(value: string): ForwardState {
  const state = FORWARD_STATES.find((known) => known === value);
  if (state === undefined) throw new Error(`stored forward state ${value} is unknown`);
  return state;
}

/** A `forward_jobs` row as a record. */
export function toForwardJob(row: Selectable<ForwardJobsTable>): ForwardJobRecord {
  return {
    eventId: row.event_id,
    connectionId: row.connection_id,
    state: toForwardState(row.state),
    attempts: row.attempts,
    scheduleBase: row.schedule_base,
    dueAt: row.due_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    headers: JSON.parse(row.headers) as Record<string, string>,
    createdAt: row.created_at,
  };
}

/**
 * The row of a new job: pending, due at the event's receipt (the inbound commit writes it), or already
 * leased for its first attempt (due again when the lease expires).
 */
export function newForwardJobRow(
  eventId: string,
  connectionId: string,
  headers: Readonly<Record<string, string>>,
  at: number,
  lease?: ForwardLease,
): Insertable<ForwardJobsTable> {
  return {
    event_id: eventId,
    connection_id: connectionId,
    state: 'pending',
    attempts: lease === undefined ? 0 : 1,
    schedule_base: 0,
    due_at: lease?.until ?? at,
    lease_owner: lease?.owner ?? null,
    lease_token: lease?.token ?? null,
    last_status: null,
    last_error: null,
    headers: JSON.stringify(headers),
    created_at: at,
    updated_at: at,
  };
}

/** A `forward_attempts` row as a record. */
export function toForwardAttempt(row: Selectable<ForwardAttemptsTable>): ForwardAttemptRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    connectionId: row.connection_id,
    attempt: row.attempt,
    status: row.status === 'success' ? 'success' : 'failed',
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    responsePreview: row.response_preview,
    error: row.error,
    createdAt: row.created_at,
  };
}

/** An attempt record as a row (receiver-derived text without U+0000). */
export function fromForwardAttempt(record: ForwardAttemptRecord): Insertable<ForwardAttemptsTable> {
  return {
    id: record.id,
    event_id: record.eventId,
    connection_id: record.connectionId,
    attempt: record.attempt,
    status: record.status,
    status_code: record.statusCode,
    duration_ms: Math.round(record.durationMs),
    response_preview: withoutNulOrNull(record.responsePreview) ?? '',
    error: withoutNulOrNull(record.error),
    created_at: record.createdAt,
  };
}
