/**
 * Shapes of the processing API (docs/processing.md): names for the types generated from
 * /api/v1/openapi.json (src/api/contract.ts), and the option lists the forms show, checked complete.
 */
import {
  type ContactListQuery,
  everyValue,
  type IdentifierType,
  type UnknownContactPolicy,
} from '../../../src/api/contract.ts';

export type {
  CaptureState,
  ConnectionSchema,
  Contact,
  ContactInput,
  CreateContactInput,
  IdentifierMapping,
  IdentifierType,
  ImportResult,
  ImportRowResult,
  ProcessingInput,
  ProcessingSettings,
  UnknownContactPolicy,
} from '../../../src/api/contract.ts';

export const IDENTIFIER_TYPES = everyValue<IdentifierType>()([
  'chat_id',
  'phone',
  'channel_user_id',
  'email',
]);

export const UNKNOWN_CONTACT_POLICIES = everyValue<UnknownContactPolicy>()(['skip', 'create']);

/** The exact (normalized) identifier filters of `GET /api/v1/contacts`. */
export type ContactFilterField = Extract<
  keyof ContactListQuery,
  'email' | 'phone' | 'chatId' | 'channelUserId'
>;
export const CONTACT_FILTERS = everyValue<ContactFilterField>()([
  'email',
  'phone',
  'chatId',
  'channelUserId',
]);

/** The contacts list as the dashboard asks for it: one identifier filter at a time. */
export interface ContactQuery {
  readonly field?: ContactFilterField;
  readonly value?: string;
  readonly defaultCountry?: ContactListQuery['defaultCountry'];
  readonly cursor?: ContactListQuery['cursor'];
  readonly limit?: ContactListQuery['limit'];
}
