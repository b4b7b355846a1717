import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import { z } from 'zod';
import type { BareFailure, Result } from '../errors/index.ts';
import type { IdentifierType } from '../store/index.ts';

/** A normalized identifier value, or why the raw value is not one. */
export type Normalized = Result<string, BareFailure>;

/** Longest identifier value kept. */
const MAX_IDENTIFIER_LENGTH = 320;

const emailSchema = z.email();

/** True when `code` is an ISO 3166 alpha-2 region libphonenumber-js knows. */
export function isCountryCode(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

/** The raw value as text: strings trimmed, finite integers in decimal; undefined for anything else. */
function asText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
  return undefined;
}

/** The readings of a phone number to try, most likely first. */
function phoneReadings(text: string, country: CountryCode | undefined): [string, CountryCode | undefined][] {
  if (text.startsWith('+') || !/^[\d\s().-]+$/.test(text)) return [[text, country]];
  const international: [string, undefined] = [`+${text}`, undefined];
  if (country === undefined) return [international];
  const digits = text.replace(/\D/g, '');
  const national: [string, CountryCode] = [text, country];
  return digits.startsWith(getCountryCallingCode(country))
    ? [international, national]
    : [national, international];
}

/**
 * A phone number in E.164 (`+4915112345678`), validated with libphonenumber-js's full metadata. Accepts
 * international forms (`+49 151…`, `0049 151…`), national forms with `defaultCountry` (`0151…`), and bare
 * digits with their country code (`4915112345678`, as messaging platforms send them): digits that start
 * with the default region's calling code are read as international first.
 */
export function normalizePhone(raw: string, defaultCountry: string | null): Normalized {
  let text = raw.trim();
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  const country = defaultCountry !== null && isCountryCode(defaultCountry) ? defaultCountry : undefined;
  for (const [candidate, region] of phoneReadings(text, country)) {
    const parsed = parsePhoneNumberFromString(candidate, region);
    if (parsed?.isValid()) return { ok: true, value: parsed.number };
  }
  return { ok: false, message: `${JSON.stringify(raw.slice(0, 40))} is not a valid phone number` };
}

/** An email address in lower case (matching is case-insensitive); must look like an address. */
export function normalizeEmail(raw: string): Normalized {
  const value = raw.trim().toLowerCase();
  if (!emailSchema.safeParse(value).success) {
    return { ok: false, message: `${JSON.stringify(raw.slice(0, 80))} is not a valid email address` };
  }
  return { ok: true, value };
}

/**
 * Normalizes a raw identifier value of `type` (from a payload or the API): phone → E.164, email → lower
 * case, chat and channel user ids → trimmed text (case-sensitive). Numbers are accepted where payloads
 * commonly carry them (ids, phone digits).
 */
export function normalizeIdentifier(
  type: IdentifierType,
  raw: unknown,
  defaultCountry: string | null = null,
): Normalized {
  const text = asText(raw);
  if (text === undefined)
    return { ok: false, message: `expected a string or an integer, got ${kindOf(raw)}` };
  if (text === '') return { ok: false, message: 'is empty' };
  if (text.length > MAX_IDENTIFIER_LENGTH) {
    return { ok: false, message: `is longer than ${MAX_IDENTIFIER_LENGTH} characters` };
  }
  if (type === 'phone') return normalizePhone(text, defaultCountry);
  if (type === 'email') return normalizeEmail(text);
  return { ok: true, value: text };
}

/** A short description of a value's JSON kind, for messages. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
