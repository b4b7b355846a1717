/**
 * Generic `hmac` as an engine spec: the filled config becomes a `ProviderSpec` (signature header or body field,
 * template, timestamp) compiled once per config object, so the engine runs it like any provider row.
 */

import { type CompiledSpec, compileSpec } from '../engine/compile.ts';
import type { ProviderSpec, SignatureSource, TimestampSpec } from '../engine/spec.ts';
import { FALLBACK_TOLERANCE_SECONDS } from '../engine/verify.ts';
import { findPreset } from '../providers/presets.ts';
import { fillHmacConfig, HMAC_DEFAULT_HEADER, type HmacConfig } from './hmac-config.ts';

/** A config filled and compiled for the engine. */
export interface CompiledHmac {
  readonly config: HmacConfig;
  readonly compiled: CompiledSpec;
}

const ALGORITHMS = { sha256: 'hmac-sha256', sha1: 'hmac-sha1', sha512: 'hmac-sha512' } as const;

function signatureSource(config: HmacConfig): SignatureSource {
  if (config.signatureField !== undefined) return { json: config.signatureField, encoding: config.encoding };
  const format =
    config.prefix === undefined
      ? { kind: 'values' as const }
      : { kind: 'values' as const, prefix: config.prefix };
  return { header: config.header ?? HMAC_DEFAULT_HEADER, format, encoding: config.encoding };
}

function timestampSpec(config: HmacConfig): TimestampSpec | undefined {
  const unit = config.timestampUnit ?? 's';
  if (config.timestampHeader !== undefined) return { from: { header: config.timestampHeader }, unit };
  if (config.timestampField !== undefined) return { from: { json: config.timestampField }, unit };
  return undefined;
}

/** The engine spec of a filled `hmac` config; messages name the preset's provider, or just `Signature`. */
export function hmacProviderSpec(config: HmacConfig): ProviderSpec {
  const preset = findPreset(config.preset);
  const timestamp = timestampSpec(config);
  return {
    id: 'hmac',
    name: preset?.name ?? '',
    category: 'generic',
    docsUrl: '',
    algorithm: ALGORITHMS[config.algorithm],
    key: 'utf8',
    signature: signatureSource(config),
    content: config.content ?? '{body}',
    ...(timestamp === undefined
      ? {}
      : { timestamp, tolerance: config.tolerance ?? FALLBACK_TOLERANCE_SECONDS }),
    ...(preset?.idempotency === undefined ? {} : { idempotency: preset.idempotency }),
    ...(preset?.normalizeUrl === undefined ? {} : { normalizeUrl: preset.normalizeUrl }),
  };
}

const cache = new WeakMap<object, CompiledHmac>();

/**
 * Fills and compiles a config (stored or parsed), cached per config object: the gateway keeps one object per
 * connection, so its hot path compiles once. Throws only on a template no validated config can hold.
 */
export function compileHmac(input: unknown): CompiledHmac {
  const key = typeof input === 'object' && input !== null ? input : undefined;
  const hit = key === undefined ? undefined : cache.get(key);
  if (hit !== undefined) return hit;
  const config = fillHmacConfig(input);
  const entry = { config, compiled: compileSpec(hmacProviderSpec(config)) };
  if (key !== undefined) cache.set(key, entry);
  return entry;
}
