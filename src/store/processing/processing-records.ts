import type { RecordOf } from '../record-shape.ts';
import type {
  ProcessingContactsTable,
  ProcessingFlowsTable,
  ProcessingRunsTable,
} from './processing-tables.ts';

/**
 * Records of the inbound processing, as the store reads and writes them. Times are epoch milliseconds;
 * JSON-ish fields are plain values. Contacts, flows and runs are derived from their tables (see
 * `record-shape.ts`); the settings and the sample are two views of one `processing_settings` row.
 */

/** Identifier types a connection can resolve contacts by (snake_case in the API, like auth modes). */
export const IDENTIFIER_TYPES = ['chat_id', 'phone', 'channel_user_id', 'email'] as const;

/** One identifier type. */
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** What happens when an event's identifier matches no contact. */
export const UNKNOWN_CONTACT_POLICIES = ['skip', 'create'] as const;

/** One unknown-contact policy. */
export type UnknownContactPolicy = (typeof UNKNOWN_CONTACT_POLICIES)[number];

/** A contact. */
export type ContactRecord = RecordOf<
  ProcessingContactsTable,
  { readonly attributes: Readonly<Record<string, unknown>> }
>;

/** A contact's identifiers, stored normalized (phone E.164, email lower-case); each unique when set. */
export type ContactIdentifiers = Pick<ContactRecord, 'chatId' | 'phone' | 'channelUserId' | 'email'>;

/** The contact field holding each identifier type. */
export const IDENTIFIER_FIELDS: Readonly<Record<IdentifierType, keyof ContactIdentifiers>> = {
  chat_id: 'chatId',
  phone: 'phone',
  channel_user_id: 'channelUserId',
  email: 'email',
};

/** Fields of a contact that a patch may change; absent fields stay, null clears. */
export interface ContactPatch {
  readonly name?: string | null;
  readonly chatId?: string | null;
  readonly phone?: string | null;
  readonly channelUserId?: string | null;
  readonly email?: string | null;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Where in the payload a connection finds the contact identifier. */
export interface IdentifierMapping {
  readonly type: IdentifierType;
  /** A JSONPath, e.g. `$.data.counterparty.email`. */
  readonly path: string;
  /** ISO 3166 alpha-2 region for phone numbers written without a country code; null = none. */
  readonly defaultCountry: string | null;
}

/** Per-connection processing settings and the schema-capture state. */
export interface ConnectionProcessingRecord {
  readonly connectionId: string;
  readonly identifier: IdentifierMapping | null;
  readonly onUnknownContact: UnknownContactPolicy;
  /** When "capture next sample" was armed; null when not capturing. */
  readonly captureArmedAt: number | null;
  /** The event kept as the sample; null before the first capture. */
  readonly sampleEventId: string | null;
  readonly updatedAt: number;
}

/** A connection's captured sample payload and the JSON Schema inferred from it. */
export interface SampleRecord {
  readonly connectionId: string;
  readonly eventId: string;
  readonly capturedAt: number;
  readonly sample: unknown;
  readonly schema: Readonly<Record<string, unknown>>;
}

/** Comparison operators of flow filter conditions. */
export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'exists',
  'not_exists',
  'contains',
  'not_contains',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
] as const;

/** One filter operator. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** One condition: the values at `path` compared with `value` by `op`. */
export interface FilterCondition {
  readonly path: string;
  readonly op: FilterOperator;
  readonly value?: unknown;
}

/** A flow filter: every (`all`) or at least one (`any`) condition must hold. */
export interface FlowFilter {
  readonly match: 'all' | 'any';
  readonly conditions: readonly FilterCondition[];
}

/** A flow action: publish the flow's output to one outbound endpoint. */
export interface DeliverAction {
  readonly type: 'deliver';
  readonly endpointId: string;
  /** The outbound event type; default `webhook.received`. */
  readonly eventType: string | null;
}

/** A flow: a "Webhook Received" trigger bound to a connection, an optional filter and transform, actions. */
export type FlowRecord = RecordOf<
  ProcessingFlowsTable,
  {
    readonly enabled: boolean;
    readonly filter: FlowFilter | null;
    readonly actions: readonly DeliverAction[];
  }
>;

/** How a flow run ended: delivered, failed (transform or publish), or filtered out. */
export const FLOW_RUN_STATUSES = ['succeeded', 'failed', 'filtered'] as const;

/** One run status. */
export type FlowRunStatus = (typeof FLOW_RUN_STATUSES)[number];

/** What one action of a run did. */
export interface ActionResult {
  readonly endpointId: string;
  readonly messageId: string | null;
  readonly error: string | null;
}

/** One flow run: a flow applied to one event. At most one per (flow, event). */
export type FlowRunRecord = RecordOf<
  ProcessingRunsTable,
  {
    readonly status: FlowRunStatus;
    readonly input: unknown;
    /** The transform's result (or the payload without a transform); null when filtered or failed. */
    readonly output: unknown;
    readonly actions: readonly ActionResult[];
  }
>;
