/**
 * The sender side of a spec: signs a test request exactly as the provider would (for `hookgate send` and for
 * round-trip tests against the providers' SDK verifiers). Throws on an unusable secret or key: signing is a
 * user action, not request handling.
 */
import { createHash } from 'node:crypto';
import type { SignedRequest } from '../scheme.ts';
import { computeDigest, isAsymmetric, keyFamily, signContent } from './algorithms.ts';
import { encodeBytes } from './encoding.ts';
import { withJsonField } from './json-path.ts';
import { hmacKey, parsePrivateKey } from './keys.ts';
import { renderTemplate, sortedFormParams } from './template.ts';
import { renderTimestamp } from './timestamp.ts';
import type { CompiledSpec } from './verify.ts';

/** A deterministic message id for a signed test request (`msg_…`). */
export function testMessageId(body: Uint8Array, timestamp: string): string {
  return `msg_${createHash('sha256').update(timestamp).update(body).digest('base64url').slice(0, 24)}`;
}

function signatureBytes(compiled: CompiledSpec, content: Uint8Array, secret: string): Buffer {
  const { spec } = compiled;
  if (spec.algorithm === 'token') return Buffer.from(secret, 'utf8');
  if (isAsymmetric(spec.algorithm)) {
    const key = parsePrivateKey(secret, keyFamily(spec.algorithm));
    if (key === null) throw new Error(`${spec.name}: the private key is not a valid ${spec.algorithm} key`);
    return signContent(spec.algorithm, key, content);
  }
  const key = hmacKey(secret, spec.key ?? 'utf8');
  if (key === null) throw new Error(`${spec.name}: the secret is not in the expected format`);
  return computeDigest(spec.algorithm, key, content);
}

function looksLikeForm(body: Uint8Array): boolean {
  const first = Buffer.from(body).toString('utf8').trimStart()[0];
  return first !== '{' && first !== '[';
}

/** Writes the timestamp into the body when the provider carries it there (Linear `webhookTimestamp`). */
function stampBody(compiled: CompiledSpec, body: Uint8Array, timestamp: string | undefined): Uint8Array {
  const from = compiled.spec.timestamp?.from;
  if (from === undefined || !('json' in from) || timestamp === undefined) return body;
  const value = compiled.spec.timestamp?.unit === 'iso' ? timestamp : Number(timestamp);
  return withJsonField(body, from.json, value);
}

/** Signs `body` as the spec's provider would at `now`, for the public URL `url`. */
export function signWithSpec(
  compiled: CompiledSpec,
  body: Uint8Array,
  secret: string,
  now: Date,
  url: string,
): SignedRequest {
  const { spec, parts } = compiled;
  const headers: Record<string, string> = {};
  const timestamp = spec.timestamp === undefined ? undefined : renderTimestamp(now, spec.timestamp.unit);
  const payload = stampBody(compiled, body, timestamp);
  const id = spec.messageId === undefined ? undefined : testMessageId(payload, timestamp ?? '');
  const form = parts.some((part) => part.kind === 'form') && looksLikeForm(payload);
  headers['Content-Type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
  const content = renderTemplate(parts, {
    body: payload,
    method: 'POST',
    url,
    secret,
    form: form ? sortedFormParams(payload, headers['Content-Type']) : '',
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(id === undefined ? {} : { id }),
  });
  const signature = encodeBytes(signatureBytes(compiled, content, secret), spec.signature.encoding);
  if (!('header' in spec.signature))
    throw new Error(`${spec.name}: body-embedded signatures need a custom signer`);
  const { format, header } = spec.signature;
  if (format.kind === 'single') headers[header] = `${format.prefix ?? ''}${signature}`;
  else {
    const entry = `${format.version}${format.kvSep}${signature}`;
    const stamp =
      format.timestampKey === undefined ? '' : `${format.timestampKey}${format.kvSep}${timestamp}`;
    headers[header] = stamp === '' ? entry : `${stamp}${format.entrySep}${entry}`;
  }
  if (spec.timestamp !== undefined && 'header' in spec.timestamp.from && timestamp !== undefined) {
    headers[spec.timestamp.from.header] = timestamp;
  }
  if (spec.messageId !== undefined && id !== undefined) headers[spec.messageId] = id;
  return { headers, body: payload };
}
