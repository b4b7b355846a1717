/**
 * The engine: runs any `ProviderSpec` against a request. Order of checks: handshake challenge, credential
 * present, signature header, timestamp within tolerance (both directions), message id / public URL, signature
 * match over every credential version, extra check. Never throws: every outcome is a `VerifyResult`.
 */
import {
  type CredentialVersion,
  type HandshakeResponse,
  unauthorized,
  type VerifyRequest,
  type VerifyResult,
} from '../types.ts';
import { algorithmLabel, isAsymmetric } from './algorithms.ts';
import type { CompiledSpec } from './compile.ts';
import { decodeText } from './encoding.ts';
import { jsonString, lazyJson } from './json-path.ts';
import { type MatchOutcome, matchAsymmetric, matchSymmetric } from './match.ts';
import { idempotencyKey, readTimestamp } from './request-parts.ts';
import { headerValue, readSignature } from './signature-header.ts';
import type { ProviderSpec } from './spec.ts';
import { renderTemplate, sortedFormParams, type TemplateValues } from './template.ts';
import { signatureSubject, toleranceMessage, withinTolerance } from './timestamp.ts';
import { matchToken } from './token.ts';

/** The connection options the engine reads. */
export interface EngineConfig {
  /** `auth.tolerance`, in seconds: overrides the spec's window. */
  readonly tolerance?: number | undefined;
  /** `false`: do not look up the provider delivery id (library callers that do not need `idempotencyKey`). */
  readonly idempotency?: boolean | undefined;
}

/** The message when a connection has no usable credential version. */
export const MISSING_CREDENTIAL = 'Connection is missing its signing credential';

/** Default tolerance (seconds) for a spec that has a timestamp but declares none. */
export const FALLBACK_TOLERANCE_SECONDS = 300;

function succeed(
  spec: ProviderSpec,
  request: VerifyRequest,
  json: () => unknown,
  config: EngineConfig,
  secret?: string,
): VerifyResult {
  let handshake: HandshakeResponse | undefined;
  if (spec.check !== undefined || spec.handshake !== undefined) {
    const context = secret === undefined ? { request, json: json() } : { request, json: json(), secret };
    const problem = spec.check?.(context) ?? null;
    if (problem !== null) return unauthorized(problem);
    handshake = spec.handshake?.(context);
  }
  const key = config.idempotency === false ? undefined : idempotencyKey(spec, request, json);
  if (handshake)
    return key === undefined ? { ok: true, handshake } : { ok: true, idempotencyKey: key, handshake };
  return key === undefined ? { ok: true } : { ok: true, idempotencyKey: key };
}

function mismatchMessage(spec: ProviderSpec): string {
  if (spec.algorithm !== 'token') return `${algorithmLabel(spec.algorithm)} signature mismatch`;
  return `Invalid ${'header' in spec.signature ? spec.signature.header : 'token'}`;
}

function settle(
  outcome: MatchOutcome,
  spec: ProviderSpec,
  request: VerifyRequest,
  json: () => unknown,
  config: EngineConfig,
): VerifyResult {
  if (outcome.usable === 0) return unauthorized(MISSING_CREDENTIAL);
  if (!outcome.matched) return unauthorized(mismatchMessage(spec));
  return succeed(spec, request, json, config, outcome.secret);
}

const UNTIMED: { readonly text?: string } = Object.freeze({});

/** Checks the timestamp window; returns the timestamp text to sign, or a failure. */
function checkTimestamp(
  spec: ProviderSpec,
  request: VerifyRequest,
  json: () => unknown,
  embedded: string | undefined,
  config: EngineConfig,
  now: Date,
): { readonly text?: string } | VerifyResult {
  if (spec.timestamp === undefined) return UNTIMED;
  const place = 'header' in spec.signature ? spec.signature.header : 'body';
  const read = readTimestamp(spec.timestamp, request, json, embedded, place);
  if (!read.ok) return unauthorized(read.message);
  const tolerance =
    config.tolerance ?? (spec.tolerance === undefined ? FALLBACK_TOLERANCE_SECONDS : spec.tolerance);
  if (tolerance !== null && !withinTolerance(read.ms, now, tolerance)) {
    return unauthorized(toleranceMessage(spec.name, tolerance));
  }
  return { text: read.text };
}

/** The values the template refers to, or the failure naming the first one missing. */
function templateValues(
  { spec, needs }: CompiledSpec,
  request: VerifyRequest,
  json: () => unknown,
  timestamp: string | undefined,
): TemplateValues | VerifyResult {
  const id = spec.messageId === undefined ? undefined : headerValue(request.headers, spec.messageId);
  if (needs.id && id === undefined) return unauthorized(`Missing ${spec.messageId ?? 'message id'}`);
  if (needs.url && !request.publicUrl) {
    return unauthorized(
      `${signatureSubject(spec.name)} needs the connection's public URL (auth.publicUrl or HOOKGATE_PUBLIC_URL)`,
    );
  }
  const absent = needs.headers.find((name) => headerValue(request.headers, name) === undefined);
  if (absent !== undefined) return unauthorized(`Missing ${absent}`);
  const values: { -readonly [K in keyof TemplateValues]: TemplateValues[K] } = {
    body: request.body,
    method: request.method,
  };
  if (needs.form) values.form = sortedFormParams(request.body, request.headers['content-type']);
  if (needs.headers.length > 0) values.header = (name: string) => headerValue(request.headers, name);
  if (needs.json) values.json = (path: string) => jsonString(json(), path);
  if (timestamp !== undefined) values.timestamp = timestamp;
  if (id !== undefined) values.id = id;
  if (needs.url && request.publicUrl)
    values.url = spec.normalizeUrl?.(request.publicUrl) ?? request.publicUrl;
  return values;
}

function hasUsableKind(compiled: CompiledSpec, credentials: readonly CredentialVersion[]): boolean {
  for (const credential of credentials) if (compiled.kinds.has(credential.kind)) return true;
  return false;
}

function isResult(value: object): value is VerifyResult {
  return 'ok' in value;
}

function run(
  compiled: CompiledSpec,
  request: VerifyRequest,
  config: EngineConfig,
  credentials: readonly CredentialVersion[],
  now: Date,
): VerifyResult | Promise<VerifyResult> {
  const { spec, parts } = compiled;
  const json = lazyJson(request.body);
  const challenge = spec.preHandshake?.({ request, json: json() });
  if (challenge !== undefined) return { ok: true, handshake: challenge };
  if (!hasUsableKind(compiled, credentials)) return unauthorized(MISSING_CREDENTIAL);
  const presented = readSignature(spec.signature, request.headers, json);
  if (!presented.ok) return unauthorized(presented.message);
  if (spec.algorithm === 'token') {
    const token = decodeText(presented.candidates[0] ?? '', spec.signature.encoding)?.toString('utf8') ?? '';
    const outcome = matchToken(token, credentials);
    if (outcome instanceof Promise) return outcome.then((done) => settle(done, spec, request, json, config));
    return settle(outcome, spec, request, json, config);
  }
  const timestamp = checkTimestamp(spec, request, json, presented.timestamp, config, now);
  if (isResult(timestamp)) return timestamp;
  const values = templateValues(compiled, request, json, timestamp.text);
  if (isResult(values)) return values;
  const candidates: Buffer[] = [];
  for (const text of presented.candidates) {
    const bytes = decodeText(text, spec.signature.encoding);
    if (bytes !== null) candidates.push(bytes);
  }
  const outcome = isAsymmetric(spec.algorithm)
    ? matchAsymmetric(spec.algorithm, renderTemplate(parts, values), candidates, credentials)
    : matchSymmetric(spec.algorithm, compiled, values, candidates, credentials);
  return settle(outcome, spec, request, json, config);
}

function unverifiable(compiled: CompiledSpec): VerifyResult {
  return unauthorized(`${signatureSubject(compiled.spec.name)} could not be verified`);
}

/** Verifies a request with a compiled spec; a failure inside the engine reads as an unverifiable signature. */
export function verifyWithSpec(
  compiled: CompiledSpec,
  request: VerifyRequest,
  config: EngineConfig,
  credentials: readonly CredentialVersion[],
  now: Date,
): VerifyResult | Promise<VerifyResult> {
  try {
    const result = run(compiled, request, config, credentials, now);
    return result instanceof Promise ? result.catch(() => unverifiable(compiled)) : result;
  } catch {
    return unverifiable(compiled);
  }
}
