import type { Insertable, Selectable } from 'kysely';
import { HISTORY_OUTCOMES, type HistoryOutcome } from '../errors/index.ts';
import { connectionAuth } from './connection-auth.ts';
import type { ConnectionsTable, EventsTable, HistoryTable, SecretVersionsTable } from './database-schema.ts';
import type { ForwardSettings } from './forward/forward-types.ts';
import type { ConnectionRecord, EventRecord, HistoryRecord, SecretVersionRecord } from './types.ts';

/**
 * PostgreSQL `text` cannot hold U+0000 (SQLite can). Text that comes from a webhook sender — the body
 * preview, the message, the idempotency key, the content type, the contact id — must never make a
 * write fail, so the store replaces U+0000 with U+FFFD in those fields, identically on both dialects.
 * (Headers are stored as JSON, which escapes U+0000, so they round-trip unchanged.) Returns `text`
 * with every U+0000 replaced by U+FFFD.
 */
export function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\ufffd');
}

/** `withoutNul` for a nullable column. */
export function withoutNulOrNull(text: string | null): string | null {
  return text === null ? null : withoutNul(text);
}

const SECRET_KINDS: readonly SecretVersionRecord['kind'][] = ['bcrypt', 'encrypted', 'public_key'];

/** Parses a JSON text column that must hold an object. */
function parseObject(text: string, column: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`stored ${column} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Parses a JSON text column that must hold an object of strings (headers). */
function parseStringRecord(text: string, column: string): Record<string, string> {
  const value = parseObject(text, column);
  for (const entry of Object.values(value)) {
    if (typeof entry !== 'string') throw new Error(`stored ${column} has a non-string value`);
  }
  return value as Record<string, string>;
}

/** Parses a JSON text column that must hold an array of strings (history warnings). */
function parseStringArray(text: string, column: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw new Error(`stored ${column} is not a JSON array of strings`);
  }
  return value as string[];
}

/** Narrows a stored outcome string to a HistoryOutcome. */
function toOutcome(value: string): HistoryOutcome {
  const outcome = HISTORY_OUTCOMES.find((known) => known === value);
  if (outcome === undefined) throw new Error(`stored history outcome ${value} is unknown`);
  return outcome;
}

/** Narrows a stored secret kind. */
function toSecretKind(value: string): SecretVersionRecord['kind'] {
  const kind = SECRET_KINDS.find((known) => known === value);
  if (kind === undefined) throw new Error(`stored secret kind ${value} is unknown`);
  return kind;
}

/** A `connections` row as a ConnectionRecord. */
export function toConnectionRecord(row: Selectable<ConnectionsTable>): ConnectionRecord {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
    authConfig: connectionAuth(row.mode, parseObject(row.auth_config, 'auth_config')),
    secretPreview: row.secret_preview,
    maxBodyBytes: row.max_body_bytes,
    enabled: row.enabled === true || row.enabled === 1,
    // Absent rather than null when not forwarding: records of plain connections stay as they were.
    ...(row.forward !== null && { forward: JSON.parse(row.forward) as ForwardSettings }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rotationReminderDays: row.rotation_reminder_days,
  };
}

/** A ConnectionRecord as a `connections` row. */
export function fromConnectionRecord(record: ConnectionRecord): Insertable<ConnectionsTable> {
  return {
    id: record.id,
    name: record.name,
    mode: record.mode,
    auth_config: JSON.stringify(record.authConfig.config),
    secret_preview: record.secretPreview,
    max_body_bytes: record.maxBodyBytes,
    enabled: record.enabled,
    forward: record.forward ? JSON.stringify(record.forward) : null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    rotation_reminder_days: record.rotationReminderDays,
  };
}

/** A `secret_versions` row as a SecretVersionRecord. */
export function toSecretRecord(row: Selectable<SecretVersionsTable>): SecretVersionRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    kind: toSecretKind(row.kind),
    material: row.material,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** A SecretVersionRecord as a `secret_versions` row. */
export function fromSecretRecord(record: SecretVersionRecord): Insertable<SecretVersionsTable> {
  return {
    id: record.id,
    connection_id: record.connectionId,
    kind: record.kind,
    material: record.material,
    created_at: record.createdAt,
    expires_at: record.expiresAt,
  };
}

/** A `history` row as a HistoryRecord. */
export function toHistoryRecord(row: Selectable<HistoryTable>): HistoryRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    receivedAt: row.received_at,
    outcome: toOutcome(row.outcome),
    message: row.message,
    headers: parseStringRecord(row.headers, 'history headers'),
    bodyPreview: row.body_preview,
    bodySize: row.body_size,
    eventId: row.event_id,
    duplicateOf: row.duplicate_of,
    contactId: row.contact_id,
    repeatCount: row.repeat_count,
    ...(row.warnings !== null && { warnings: parseStringArray(row.warnings, 'history warnings') }),
  };
}

/**
 * A HistoryRecord as a `history` row (sender-derived text without U+0000); `bodyPreview`: the preview to
 * store instead of the record's (the SQLite batch's empty one for a preview read back from the event).
 */
export function fromHistoryRecord(
  record: HistoryRecord,
  bodyPreview: string = record.bodyPreview,
): Insertable<HistoryTable> {
  return {
    id: record.id,
    connection_id: record.connectionId,
    received_at: record.receivedAt,
    outcome: record.outcome,
    message: withoutNulOrNull(record.message),
    headers: JSON.stringify(record.headers),
    body_preview: withoutNul(bodyPreview),
    body_size: record.bodySize,
    event_id: record.eventId,
    duplicate_of: record.duplicateOf,
    contact_id: withoutNulOrNull(record.contactId),
    repeat_count: record.repeatCount,
    warnings: record.warnings?.length ? JSON.stringify(record.warnings) : null,
  };
}

/** An `events` row as an EventRecord; the body is copied into a plain Uint8Array (pg yields a Buffer). */
export function toEventRecord(row: Selectable<EventsTable>): EventRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    receivedAt: row.received_at,
    contentType: row.content_type,
    headers: parseStringRecord(row.headers, 'event headers'),
    body: new Uint8Array(row.body),
    idempotencyKey: row.idempotency_key,
  };
}

/**
 * An EventRecord as an `events` row (sender-derived text without U+0000). `headersJson`: the JSON of
 * `record.headers` when the caller already has it.
 */
export function fromEventRecord(
  record: EventRecord,
  headersJson: string = JSON.stringify(record.headers),
): Insertable<EventsTable> {
  return {
    id: record.id,
    connection_id: record.connectionId,
    received_at: record.receivedAt,
    content_type: withoutNulOrNull(record.contentType),
    headers: headersJson,
    body: record.body,
    idempotency_key: withoutNulOrNull(record.idempotencyKey),
  };
}
