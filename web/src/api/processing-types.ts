/** Shapes of the processing API (docs/processing.md): identifier mapping, capture, contacts, flows. */

export const IDENTIFIER_TYPES = ['chat_id', 'phone', 'channel_user_id', 'email'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const UNKNOWN_CONTACT_POLICIES = ['skip', 'create'] as const;
export type UnknownContactPolicy = (typeof UNKNOWN_CONTACT_POLICIES)[number];

export interface IdentifierMapping {
  readonly type: IdentifierType;
  /** A JSONPath into the payload, e.g. `$.data.counterparty.email`. */
  readonly path: string;
  readonly defaultCountry: string | null;
}

/** `GET|PUT /api/v1/connections/{id}/processing`. */
export interface ProcessingSettings {
  readonly connectionId: string;
  readonly identifier: IdentifierMapping | null;
  readonly onUnknownContact: UnknownContactPolicy;
  readonly capturing: boolean;
  readonly updatedAt: string | null;
}

/** Body of `PUT /api/v1/connections/{id}/processing`. */
export interface ProcessingInput {
  readonly identifier: {
    readonly type: IdentifierType;
    readonly path: string;
    readonly defaultCountry?: string;
  } | null;
  readonly onUnknownContact: UnknownContactPolicy;
}

/** Answer of `POST|DELETE /api/v1/connections/{id}/capture`. */
export interface CaptureState {
  readonly connectionId: string;
  readonly capturing: boolean;
  readonly armedAt: string | null;
}

/** `GET /api/v1/connections/{id}/schema`: nulls and `[]` before the first capture. */
export interface ConnectionSchema {
  readonly connectionId: string;
  readonly capturing: boolean;
  readonly eventId: string | null;
  readonly capturedAt: string | null;
  readonly sample: unknown;
  readonly schema: Readonly<Record<string, unknown>> | null;
  readonly paths: readonly string[];
}

export interface Contact {
  readonly id: string;
  readonly name: string | null;
  readonly chatId: string | null;
  readonly phone: string | null;
  readonly channelUserId: string | null;
  readonly email: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A contact to create or import: at least one identifier; phone and email are normalized by the API. */
export interface ContactInput {
  readonly name?: string | null;
  readonly chatId?: string | number | null;
  readonly phone?: string | number | null;
  readonly channelUserId?: string | number | null;
  readonly email?: string | null;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** The exact (normalized) identifier filters of `GET /api/v1/contacts`. */
export const CONTACT_FILTERS = ['email', 'phone', 'chatId', 'channelUserId'] as const;
export type ContactFilterField = (typeof CONTACT_FILTERS)[number];

export interface ContactQuery {
  readonly field?: ContactFilterField;
  readonly value?: string;
  readonly defaultCountry?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface ImportRowResult {
  readonly index: number;
  readonly status: 'created' | 'updated' | 'failed';
  readonly id: string | null;
  readonly message: string | null;
}

/** Answer of `POST /api/v1/contacts/import`. */
export interface ImportResult {
  readonly created: number;
  readonly updated: number;
  readonly failed: number;
  readonly results: readonly ImportRowResult[];
}
