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

/**
 * The value of a header by its documented name; blank counts as absent. Request header names are lower-case by
 * contract; mixed-case maps from library callers are still served by a scan. Non-strings count as absent.
 */
export function headerValue(
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  let value: unknown = headers[lower];
  if (value === undefined) {
    for (const [key, candidate] of Object.entries(headers))
      if (key.toLowerCase() === lower) value = candidate;
  }
  return typeof value !== 'string' || value.trim() === '' ? undefined : value;
}

/** Splits a header value according to its format. */
export function parseSignatureHeader(
  value: string,
  format: SignatureFormat,
  header: string,
): PresentedSignature {
  if (format.kind === 'single') {
    const trimmed = value.trim();
    const prefix = format.prefix ?? '';
    const hasPrefix = trimmed.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase();
    return { ok: true, candidates: hasPrefix ? [trimmed.slice(prefix.length).trim()] : [] };
  }
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
  const value = headerValue(headers, source.header);
  if (value === undefined) return { ok: false, message: `Missing ${source.header}` };
  return parseSignatureHeader(value, source.format, source.header);
}
