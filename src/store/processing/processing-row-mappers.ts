import type { Insertable, Selectable } from 'kysely';
import { withoutNul, withoutNulOrNull } from '../row-mappers.ts';
import {
  type ConnectionProcessingRecord,
  type ContactRecord,
  FLOW_RUN_STATUSES,
  type FlowRecord,
  type FlowRunRecord,
  IDENTIFIER_TYPES,
  type IdentifierMapping,
  UNKNOWN_CONTACT_POLICIES,
} from './processing-records.ts';
import type {
  ProcessingContactsTable,
  ProcessingFlowsTable,
  ProcessingRunsTable,
  ProcessingSettingsTable,
} from './processing-tables.ts';

/** The value of one of `known`, or an error naming the column (a row this store did not write). */
function oneOf<T extends string>(known: readonly T[], value: string, column: string): T {
  const found = known.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`stored ${column} ${JSON.stringify(value)} is unknown`);
  return found;
}

/** JSON text of a value the store keeps; `undefined` is stored as null. U+0000 stays escaped by JSON. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** Parses JSON text this store wrote. */
function fromJsonText<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** A `processing_settings` row as settings; the identifier mapping only when type and path are set. */
export function toSettingsRecord(row: Selectable<ProcessingSettingsTable>): ConnectionProcessingRecord {
  let identifier: IdentifierMapping | null = null;
  if (row.identifier_type !== null && row.identifier_path !== null) {
    identifier = {
      type: oneOf(IDENTIFIER_TYPES, row.identifier_type, 'identifier type'),
      path: row.identifier_path,
      defaultCountry: row.identifier_country,
    };
  }
  return {
    connectionId: row.connection_id,
    identifier,
    onUnknownContact: oneOf(UNKNOWN_CONTACT_POLICIES, row.on_unknown_contact, 'unknown-contact policy'),
    captureArmedAt: row.capture_armed_at,
    sampleEventId: row.sample_event_id,
    updatedAt: row.updated_at,
  };
}

/** A `processing_contacts` row as a contact. */
export function toContactRecord(row: Selectable<ProcessingContactsTable>): ContactRecord {
  return {
    id: row.id,
    name: row.name,
    chatId: row.chat_id,
    phone: row.phone,
    channelUserId: row.channel_user_id,
    email: row.email,
    attributes: fromJsonText(row.attributes),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A contact as a `processing_contacts` row (text without U+0000). */
export function fromContactRecord(record: ContactRecord): Insertable<ProcessingContactsTable> {
  return {
    id: record.id,
    name: withoutNulOrNull(record.name),
    chat_id: withoutNulOrNull(record.chatId),
    phone: record.phone,
    channel_user_id: withoutNulOrNull(record.channelUserId),
    email: withoutNulOrNull(record.email),
    attributes: toJsonText(record.attributes),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

/** A `processing_flows` row as a flow. */
export function toFlowRecord(row: Selectable<ProcessingFlowsTable>): FlowRecord {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === true || row.enabled === 1,
    connectionId: row.connection_id,
    filter: row.filter === null ? null : fromJsonText(row.filter),
    transform: row.transform,
    actions: fromJsonText(row.actions),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A flow as a `processing_flows` row. */
export function fromFlowRecord(record: FlowRecord): Insertable<ProcessingFlowsTable> {
  return {
    id: record.id,
    name: withoutNul(record.name),
    enabled: record.enabled,
    connection_id: record.connectionId,
    filter: record.filter === null ? null : toJsonText(record.filter),
    transform: withoutNulOrNull(record.transform),
    actions: toJsonText(record.actions),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

/** A `processing_runs` row as a run. */
export function toRunRecord(row: Selectable<ProcessingRunsTable>): FlowRunRecord {
  return {
    id: row.id,
    flowId: row.flow_id,
    eventId: row.event_id,
    connectionId: row.connection_id,
    status: oneOf(FLOW_RUN_STATUSES, row.status, 'run status'),
    input: fromJsonText(row.input),
    output: row.output === null ? null : fromJsonText(row.output),
    error: row.error,
    actions: fromJsonText(row.actions),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A run as a `processing_runs` row (the error text without U+0000). */
export function fromRunRecord(record: FlowRunRecord): Insertable<ProcessingRunsTable> {
  return {
    id: record.id,
    flow_id: record.flowId,
    event_id: record.eventId,
    connection_id: record.connectionId,
    status: record.status,
    input: toJsonText(record.input),
    output: record.output === null || record.output === undefined ? null : toJsonText(record.output),
    error: withoutNulOrNull(record.error),
    actions: toJsonText(record.actions),
    started_at: record.startedAt,
    finished_at: record.finishedAt,
  };
}
