import { failure, type Result, success } from '../errors/index.ts';
import { type ContactIdentifiers, IDENTIFIER_FIELDS, IDENTIFIER_TYPES } from '../store/index.ts';
import { normalizeIdentifier } from './identifiers.ts';

/** A contact as the API receives it; identifiers raw (normalized here), absent = unchanged on update. */
export interface ContactInput {
  readonly name?: string | null | undefined;
  readonly chatId?: string | number | null | undefined;
  readonly phone?: string | number | null | undefined;
  readonly channelUserId?: string | number | null | undefined;
  readonly email?: string | null | undefined;
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
}

/** Identifiers given in an input, normalized; `null` clears, absent fields are absent. */
export type NormalizedIdentifiers = { -readonly [K in keyof ContactIdentifiers]?: string | null };

/**
 * Normalizes the identifiers present in `input` (phone → E.164 using `defaultCountry` for national
 * numbers, email → lower case, ids → trimmed text). A bad value is a VALIDATION_ERROR naming the field.
 */
export function normalizeContactInput(
  input: ContactInput,
  defaultCountry: string | null,
): Result<NormalizedIdentifiers> {
  const identifiers: NormalizedIdentifiers = {};
  for (const type of IDENTIFIER_TYPES) {
    const field = IDENTIFIER_FIELDS[type];
    const raw = input[field];
    if (raw === undefined) continue;
    if (raw === null) {
      identifiers[field] = null;
      continue;
    }
    const normalized = normalizeIdentifier(type, raw, defaultCountry);
    if (!normalized.ok) return failure('VALIDATION_ERROR', `${field}: ${normalized.message}`);
    identifiers[field] = normalized.value;
  }
  return success(identifiers);
}

/** All four identifiers, null where not given. */
export function completeIdentifiers(identifiers: NormalizedIdentifiers): ContactIdentifiers {
  return {
    chatId: identifiers.chatId ?? null,
    phone: identifiers.phone ?? null,
    channelUserId: identifiers.channelUserId ?? null,
    email: identifiers.email ?? null,
  };
}

/** True when at least one identifier is set (a contact without one could never be matched). */
export function hasIdentifier(identifiers: ContactIdentifiers): boolean {
  return Object.values(identifiers).some((value) => value !== null);
}

/** The error for a contact without identifiers. */
export const NO_IDENTIFIER = 'a contact needs at least one of chatId, phone, channelUserId, email';
