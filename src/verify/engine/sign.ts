/**
 * The sender side of a spec: signs a test request exactly as the provider would (for `hookgate send` and for
 * round-trip tests against the providers' SDK verifiers). Throws on an unusable secret or key: signing is a
 * user action, not request handling.
 */
import { createHash } from 'node:crypto';
import type { SignedRequest } from '../scheme.ts';
import { computeDigest, isAsymmetric, keyFamily, signContent } from './algorithms.ts';
import type { CompiledSpec } from './compile.ts';
import { encodeBytes } from './encoding.ts';
import { jsonString, lazyJson, withJsonField } from './json-path.ts';
import { hmacKey, parsePrivateKey } from './keys.ts';
import { headerValue } from './signature-header.ts';
import { renderTemplate, sortedFormParams } from './template.ts';
import { renderTimestamp } from './timestamp.ts';

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

/**
 * The signature header's value: one signature, or for a list format one entry per signature (a sender
 * signing with every active secret during a rotation grace), after the timestamp entry if the format has one.
 */
function signatureHeaderValue(
  compiled: CompiledSpec,
  signatures: readonly string[],
  timestamp: string | undefined,
) {
  const { signature: source } = compiled.spec;
  if (!('header' in source)) return undefined;
  const { format } = source;
  if (format.kind !== 'list') return `${format.prefix ?? ''}${signatures[0]}`;
  const entries = signatures.map((signature) => `${format.version}${format.kvSep}${signature}`);
  const stamp =
    format.timestampKey === undefined ? [] : [`${format.timestampKey}${format.kvSep}${timestamp}`];
  return [...stamp, ...entries].join(format.entrySep);
}

/** Choices of a sender that is not a test: the message id it sends (a delivery's event id). */
export interface SignOptions {
  /** The message id to sign and send; a deterministic test id when absent. */
  readonly messageId?: string;
}

/**
 * Signs `body` as the spec's provider would at `now`, for the public URL `url`. A signature kept in the body
 * (`{ json: path }`) is written into it at that path (the body itself is then not part of the content).
 * Several secrets (newest first) give one signature each where the format is a list; otherwise the first
 * signs.
 */
export function signWithSpec(
  compiled: CompiledSpec,
  body: Uint8Array,
  secret: string | readonly string[],
  now: Date,
  url: string,
  options: SignOptions = {},
): SignedRequest {
  const { spec, parts } = compiled;
  const secrets = typeof secret === 'string' ? [secret] : secret;
  const [first = ''] = secrets;
  const headers: Record<string, string> = {};
  const timestamp = spec.timestamp === undefined ? undefined : renderTimestamp(now, spec.timestamp.unit);
  const payload = stampBody(compiled, body, timestamp);
  const id =
    spec.messageId === undefined ? undefined : (options.messageId ?? testMessageId(payload, timestamp ?? ''));
  const form = parts.some((part) => part.kind === 'form') && looksLikeForm(payload);
  headers['Content-Type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
  if (spec.timestamp !== undefined && 'header' in spec.timestamp.from && timestamp !== undefined) {
    headers[spec.timestamp.from.header] = timestamp;
  }
  if (spec.messageId !== undefined && id !== undefined) headers[spec.messageId] = id;
  // Other headers the content names (`{header:X-Request-Id}`) get a test value, sent along.
  for (const name of compiled.needs.headers) {
    if (headerValue(headers, name) === undefined) headers[name] = testMessageId(payload, name);
  }
  const json = lazyJson(payload);
  const content = renderTemplate(parts, {
    body: payload,
    method: 'POST',
    url,
    secret: first,
    form: form ? sortedFormParams(payload, headers['Content-Type']) : '',
    header: (name) => headerValue(headers, name),
    json: (path) => jsonString(json(), path),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(id === undefined ? {} : { id }),
  });
  const signing = 'header' in spec.signature && spec.signature.format.kind === 'list' ? secrets : [first];
  const signatures = signing.map((key) =>
    encodeBytes(signatureBytes(compiled, content, key), spec.signature.encoding),
  );
  const value = signatureHeaderValue(compiled, signatures, timestamp);
  if ('header' in spec.signature && value !== undefined) headers[spec.signature.header] = value;
  if ('json' in spec.signature) {
    return { headers, body: withJsonField(payload, spec.signature.json, signatures[0] ?? '') };
  }
  return { headers, body: payload };
}
