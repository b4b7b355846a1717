/**
 * The engine: runs any `ProviderSpec` against a request. Order of checks: handshake challenge, credential
 * present, signature header, timestamp within tolerance (both directions), message id / public URL, signature
 * match over every credential version, extra check. Never throws: every outcome is a `VerifyResult`.
 */
import { type CredentialVersion, unauthorized, type VerifyRequest, type VerifyResult } from '../types.ts';
import { algorithmLabel, isAsymmetric } from './algorithms.ts';
import { decodeText } from './encoding.ts';
import { jsonString, lazyJson } from './json-path.ts';
import { type MatchOutcome, matchAsymmetric, matchSymmetric } from './match.ts';
import { idempotencyKey, readTimestamp } from './request-parts.ts';
import { headerValue, readSignature } from './signature-header.ts';
import type { ProviderSpec } from './spec.ts';
import {
  parseTemplate,
  renderTemplate,
  sortedFormParams,
  type TemplatePart,
  type TemplateValues,
  templateUses,
} from './template.ts';
import { toleranceMessage, withinTolerance } from './timestamp.ts';
import { matchToken } from './token.ts';

/** A spec with its template parsed once. */
export interface CompiledSpec {
  readonly spec: ProviderSpec;
  readonly parts: readonly TemplatePart[];
}

/** The connection options the engine reads (`auth.tolerance`, in seconds). */
export interface EngineConfig {
  readonly tolerance?: number | undefined;
}

/** The message when a connection has no usable credential version. */
export const MISSING_CREDENTIAL = 'Connection is missing its signing credential';

/** Default tolerance (seconds) for a spec that has a timestamp but declares none. */
export const FALLBACK_TOLERANCE_SECONDS = 300;

/** Parses a spec's template; throws on a malformed template (at module load). */
export function compileSpec(spec: ProviderSpec): CompiledSpec {
  return { spec, parts: parseTemplate(spec.content) };
}

function credentialKinds(spec: ProviderSpec): ReadonlySet<CredentialVersion['kind']> {
  if (spec.algorithm === 'token') return new Set(['plain', 'hashed']);
  return new Set([isAsymmetric(spec.algorithm) ? 'public_key' : 'plain']);
}

function succeed(
  spec: ProviderSpec,
  request: VerifyRequest,
  json: () => unknown,
  secret?: string,
): VerifyResult {
  const context = secret === undefined ? { request, json: json() } : { request, json: json(), secret };
  const problem = spec.check?.(context) ?? null;
  if (problem !== null) return unauthorized(problem);
  const handshake = spec.handshake?.(context);
  const key = idempotencyKey(spec, request, json);
  return {
    ok: true,
    ...(key === undefined ? {} : { idempotencyKey: key }),
    ...(handshake ? { handshake } : {}),
  };
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
): VerifyResult {
  if (outcome.usable === 0) return unauthorized(MISSING_CREDENTIAL);
  if (!outcome.matched) return unauthorized(mismatchMessage(spec));
  return succeed(spec, request, json, outcome.secret);
}

/** Checks the timestamp window; returns the timestamp text to sign, or a failure. */
function checkTimestamp(
  spec: ProviderSpec,
  request: VerifyRequest,
  json: () => unknown,
  embedded: string | undefined,
  config: EngineConfig,
  now: Date,
): { readonly text?: string } | VerifyResult {
  if (spec.timestamp === undefined) return {};
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
  { spec, parts }: CompiledSpec,
  request: VerifyRequest,
  json: () => unknown,
  timestamp: string | undefined,
): TemplateValues | VerifyResult {
  const id = spec.messageId === undefined ? undefined : headerValue(request.headers, spec.messageId);
  if (templateUses(parts, 'id') && id === undefined)
    return unauthorized(`Missing ${spec.messageId ?? 'message id'}`);
  if (templateUses(parts, 'url') && !request.publicUrl) {
    return unauthorized(
      `${spec.name} signature needs the connection's public URL (auth.publicUrl or HOOKGATE_PUBLIC_URL)`,
    );
  }
  const absent = parts.find(
    (part) => part.kind === 'header' && headerValue(request.headers, part.name) === undefined,
  );
  if (absent !== undefined && 'name' in absent) return unauthorized(`Missing ${absent.name}`);
  const url = request.publicUrl && (spec.normalizeUrl?.(request.publicUrl) ?? request.publicUrl);
  return {
    body: request.body,
    method: request.method,
    form: templateUses(parts, 'form') ? sortedFormParams(request.body, request.headers['content-type']) : '',
    header: (name: string) => headerValue(request.headers, name),
    json: (path: string) => jsonString(json(), path),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(id === undefined ? {} : { id }),
    ...(url ? { url } : {}),
  };
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
  const kinds = credentialKinds(spec);
  if (!credentials.some((credential) => kinds.has(credential.kind))) return unauthorized(MISSING_CREDENTIAL);
  const presented = readSignature(spec.signature, request.headers, json);
  if (!presented.ok) return unauthorized(presented.message);
  if (spec.algorithm === 'token') {
    const token = decodeText(presented.candidates[0] ?? '', spec.signature.encoding)?.toString('utf8') ?? '';
    const outcome = matchToken(token, credentials);
    if (outcome instanceof Promise) return outcome.then((done) => settle(done, spec, request, json));
    return settle(outcome, spec, request, json);
  }
  const timestamp = checkTimestamp(spec, request, json, presented.timestamp, config, now);
  if (isResult(timestamp)) return timestamp;
  const values = templateValues(compiled, request, json, timestamp.text);
  if (isResult(values)) return values;
  const candidates = presented.candidates
    .map((candidate) => decodeText(candidate, spec.signature.encoding))
    .filter((bytes): bytes is Buffer => bytes !== null);
  const outcome = isAsymmetric(spec.algorithm)
    ? matchAsymmetric(spec.algorithm, renderTemplate(parts, values), candidates, credentials)
    : matchSymmetric(spec.algorithm, spec.key ?? 'utf8', parts, values, candidates, credentials);
  return settle(outcome, spec, request, json);
}

/** Verifies a request with a compiled spec; a failure inside the engine reads as an unverifiable signature. */
export function verifyWithSpec(
  compiled: CompiledSpec,
  request: VerifyRequest,
  config: EngineConfig,
  credentials: readonly CredentialVersion[],
  now: Date,
): VerifyResult | Promise<VerifyResult> {
  const failed = () => unauthorized(`${compiled.spec.name} signature could not be verified`);
  try {
    const result = run(compiled, request, config, credentials, now);
    return result instanceof Promise ? result.catch(failed) : result;
  } catch {
    return failed();
  }
}
