/**
 * Reads the non-signature parts of a request a scheme needs: the timestamp (header, signature header entry or
 * JSON body), the message id, and the delivery id used for deduplication.
 */

import type { VerifyRequest } from '../types.ts';
import { jsonString } from './json-path.ts';
import { headerValue } from './signature-header.ts';
import type { IdSource, ProviderSpec, TimestampSpec } from './spec.ts';
import { parseTimestamp } from './timestamp.ts';

/** A parsed timestamp (its text is part of the signed content) or why there is none. */
export type ReadTimestamp =
  | { readonly ok: true; readonly text: string; readonly ms: number }
  | { readonly ok: false; readonly message: string };

/** Where a timestamp comes from, as named in messages. */
function timestampPlace(spec: TimestampSpec, signatureHeader: string): string {
  const from = spec.from;
  if ('header' in from) return from.header;
  if ('json' in from) return `${from.json} in body`;
  return `${signatureHeader} header`;
}

/** Reads and parses the scheme's timestamp. `embedded` is the one found in a list signature header. */
export function readTimestamp(
  spec: TimestampSpec,
  request: VerifyRequest,
  json: () => unknown,
  embedded: string | undefined,
  signatureHeader: string,
): ReadTimestamp {
  const from = spec.from;
  const text =
    'header' in from
      ? headerValue(request.headers, from.header)
      : 'json' in from
        ? jsonString(json(), from.json)
        : embedded;
  const place = timestampPlace(spec, signatureHeader);
  if (text === undefined || text === '') return { ok: false, message: `Missing ${place}` };
  const ms = parseTimestamp(text, spec.unit);
  if (ms === null) return { ok: false, message: `Invalid timestamp in ${place}` };
  return { ok: true, text: text.trim(), ms };
}

const MAX_ID_LENGTH = 256;
const FALLBACK_ID: IdSource = { header: 'x-idempotency-key' };

function idFrom(source: IdSource, request: VerifyRequest, json: () => unknown): string | undefined {
  const value =
    'header' in source ? headerValue(request.headers, source.header) : jsonString(json(), source.json);
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' || trimmed.length > MAX_ID_LENGTH ? undefined : trimmed;
}

/** The provider's delivery id, falling back to `X-Idempotency-Key`; undefined when there is none. */
export function idempotencyKey(
  spec: Pick<ProviderSpec, 'idempotency'>,
  request: VerifyRequest,
  json: () => unknown,
): string | undefined {
  for (const source of spec.idempotency ?? []) {
    const id = idFrom(source, request, json);
    if (id !== undefined) return id;
  }
  return idFrom(FALLBACK_ID, request, json);
}
