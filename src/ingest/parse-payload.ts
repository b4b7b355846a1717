import { isUtf8 } from 'node:buffer';
import type { Failure } from '../errors/index.ts';
import { FAILURES } from '../errors/index.ts';

/** The parsed inbound payload, or why it could not be parsed. */
export type ParsedPayload =
  | {
      readonly ok: true;
      readonly kind: 'json' | 'form';
      readonly value: unknown;
      /** The body as text (`Buffer#toString`: a leading byte order mark kept), for its history preview. */
      readonly text: string;
    }
  | Failure;

const FORM_PATTERN = /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;

/**
 * Parses an inbound body. The content type is a hint, not a gate: a body that parses as JSON is JSON
 * whatever it was sent as (no-code tools send `text/plain`); form-encoded bodies become an object when
 * declared as such or when they are strictly `key=value&…`. Anything else is INVALID_JSON.
 */
export function parsePayload(body: Uint8Array, contentType: string | undefined): ParsedPayload {
  if (body.length === 0) return invalid('Body is empty');
  if (!isUtf8(body)) return invalid('Body is not valid UTF-8');
  // The text as the body preview decodes it (valid UTF-8 decodes alike everywhere; a byte order mark is
  // kept here, where a TextDecoder would drop it, and trimmed below as the whitespace it counts as).
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const trimmed = text.trim();
  try {
    return { ok: true, kind: 'json', value: JSON.parse(trimmed) as unknown, text };
  } catch {
    // not JSON; maybe form-encoded
  }
  const declaredForm = (contentType ?? '').toLowerCase().includes('application/x-www-form-urlencoded');
  if (declaredForm || FORM_PATTERN.test(trimmed)) {
    return { ok: true, kind: 'form', value: formToObject(trimmed), text };
  }
  return invalid('Body is not valid JSON or form data');
}

/** Turns `a=1&b=2&b=3` into `{ a: "1", b: ["2", "3"] }`. */
function formToObject(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function invalid(reason: string): ParsedPayload {
  return FAILURES.invalidPayload(reason);
}
