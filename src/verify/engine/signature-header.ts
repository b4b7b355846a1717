/**
 * Reads the presented signature(s) out of a request: one header value (with or without a prefix), a list of
 * versioned entries (`t=…,v1=…`, `ts=…;h1=…`, `v1,<sig> v1,<sig>`), or a field of the JSON body.
 */
import { jsonString } from './json-path.ts';
import type { SignatureFormat, SignatureSource } from './spec.ts';

/** Most signatures considered from one header (bounds the work an attacker can ask for). */
export const MAX_CANDIDATES = 16;

/** The candidates found (several during a rotation) and, for list formats, the embedded timestamp. */
export type PresentedSignature =
  | { readonly ok: true; readonly candidates: readonly string[]; readonly timestamp?: string }
  | { readonly ok: false; readonly message: string };

const LOWER = new Map<string, string>();

/** `name.toLowerCase()`, memoized for the few names schemes use (bounded, so arbitrary names cannot grow it). */
function lowerCase(name: string): string {
  const hit = LOWER.get(name);
  if (hit !== undefined) return hit;
  const lower = name.toLowerCase();
  if (LOWER.size < 1024) LOWER.set(name, lower);
  return lower;
}

/**
 * The value of a header by its documented name; blank counts as absent. Request header names are lower-case by
 * contract; mixed-case maps from library callers are still served by a scan. Non-strings count as absent.
 */
export function headerValue(
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const lower = lowerCase(name);
  let value: unknown = headers[lower];
  if (value === undefined) {
    // `for…in` visits the keys `Object.entries` would, in the same order, without an array per header:
    // an absent header (an optional delivery id, say) is looked for on every request.
    for (const key in headers) if (key.toLowerCase() === lower) value = headers[key];
  }
  return typeof value !== 'string' || value.trim() === '' ? undefined : value;
}

/** Header values longer than this carry no usable signature (no real header is this long). */
export const MAX_SIGNATURE_HEADER_LENGTH = 8192;

function afterPrefix(entry: string, prefix: string): string | undefined {
  const trimmed = entry.trim();
  if (prefix === '') return trimmed;
  if (trimmed.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  return trimmed.slice(prefix.length).trim();
}

const VALUE_SEPARATORS = [',', ';', ' ', '\t'] as const;

const SEPARATOR_PATTERNS = new Map<string, RegExp | null>();

/**
 * The pattern that splits a `values` header for `prefix`: any of the separators that do not occur in the
 * prefix (null when all do). Memoized per prefix, bounded like `LOWER`.
 */
function separatorPattern(prefix: string): RegExp | null {
  const hit = SEPARATOR_PATTERNS.get(prefix);
  if (hit !== undefined) return hit;
  const used = VALUE_SEPARATORS.filter((separator) => !prefix.includes(separator));
  const pattern = used.length === 0 ? null : new RegExp(`[${used.join('')}]`);
  if (SEPARATOR_PATTERNS.size < 1024) SEPARATOR_PATTERNS.set(prefix, pattern);
  return pattern;
}

/**
 * `v1=<a>,v1=<b>`: every entry that starts with the prefix (separators that occur in the prefix excepted).
 * One split on all the separators at once cuts the value into the same entries, in the same order, as
 * splitting on each separator in turn; a value without a separator (one signature) is not split at all.
 */
function splitValues(value: string, prefix: string): string[] {
  if (value.length > MAX_SIGNATURE_HEADER_LENGTH) return [];
  const pattern = separatorPattern(prefix);
  const entries = pattern === null || !pattern.test(value) ? [value] : value.split(pattern);
  const candidates: string[] = [];
  for (const entry of entries) {
    const signature = afterPrefix(entry, prefix);
    if (signature && candidates.length < MAX_CANDIDATES) candidates.push(signature);
  }
  return candidates;
}

/** Splits a header value according to its format. */
export function parseSignatureHeader(
  value: string,
  format: SignatureFormat,
  header: string,
): PresentedSignature {
  if (format.kind === 'single') {
    const signature = afterPrefix(value, format.prefix ?? '');
    return { ok: true, candidates: signature === undefined ? [] : [signature] };
  }
  if (format.kind === 'values') return { ok: true, candidates: splitValues(value, format.prefix ?? '') };
  const candidates: string[] = [];
  let timestamp: string | undefined;
  for (const entry of value.split(format.entrySep)) {
    const at = entry.indexOf(format.kvSep);
    if (at < 0) continue;
    const key = entry.slice(0, at).trim();
    const item = entry.slice(at + format.kvSep.length).trim();
    if (key === format.version && item !== '' && candidates.length < MAX_CANDIDATES) candidates.push(item);
    else if (key === format.timestampKey && item !== '') timestamp ??= item;
  }
  if (candidates.length === 0) {
    return { ok: false, message: `No ${format.version} signature in ${header} header` };
  }
  if (format.timestampKey !== undefined && timestamp === undefined) {
    return { ok: false, message: `No timestamp in ${header} header` };
  }
  return timestamp === undefined ? { ok: true, candidates } : { ok: true, candidates, timestamp };
}

/** Finds the presented signature(s) wherever the scheme keeps them. */
export function readSignature(
  source: SignatureSource,
  headers: Readonly<Record<string, string | undefined>>,
  json: () => unknown,
): PresentedSignature {
  if ('json' in source) {
    const value = jsonString(json(), source.json);
    if (value === undefined || value === '') return { ok: false, message: `Missing ${source.json} in body` };
    return { ok: true, candidates: [value] };
  }
  let value = headerValue(headers, source.header);
  for (const name of source.alsoHeaders ?? []) value ??= headerValue(headers, name);
  if (value === undefined) return { ok: false, message: `Missing ${source.header}` };
  return parseSignatureHeader(value, source.format, source.header);
}
