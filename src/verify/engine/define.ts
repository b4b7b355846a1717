/**
 * Turns a `ProviderSpec` (a table row) into a `Scheme`: its config schema (`{ mode, tolerance?, publicUrl? }`),
 * how its credential is stored, secret validation, and the engine's verify and sign.
 */
import { z } from 'zod';
import type { Scheme } from '../scheme.ts';
import { isAsymmetric, keyFamily } from './algorithms.ts';
import { compileSpec } from './compile.ts';
import { hmacKey, parsePublicKey } from './keys.ts';
import { signWithSpec } from './sign.ts';
import type { ProviderSpec } from './spec.ts';
import { templateUses } from './template.ts';
import { type EngineConfig, FALLBACK_TOLERANCE_SECONDS, verifyWithSpec } from './verify.ts';

/** The public configuration of a provider mode: the `auth` object without its credential. */
export interface ProviderConfig extends EngineConfig {
  readonly mode: string;
  /** Overrides the gateway's public base URL for URL-signed schemes. */
  readonly publicUrl?: string | undefined;
}

/** Upper bound for `auth.tolerance`, in seconds (7 days). */
export const MAX_TOLERANCE_SECONDS = 604_800;

const KEY_HINTS = {
  utf8: 'a non-empty secret',
  hex: 'a hex-encoded key',
  base64: 'a base64-encoded key',
  whsec: 'a whsec_<base64> secret',
} as const;

/** The zod schema of a provider's `auth` object (without the credential). */
export function providerConfigSchema(spec: ProviderSpec): z.ZodType<ProviderConfig> {
  const timed = spec.timestamp !== undefined;
  const urlSigned = templateUses(compileSpec(spec).parts, 'url');
  const notApplicable = (field: string) =>
    z.undefined({ error: `${field} does not apply to ${spec.name} signatures` }).optional();
  return z.strictObject({
    mode: z.literal(spec.id),
    tolerance: timed
      ? z.number().int().min(1).max(MAX_TOLERANCE_SECONDS).optional()
      : notApplicable('tolerance'),
    publicUrl: urlSigned ? z.url().optional() : notApplicable('publicUrl'),
  });
}

function validator(spec: ProviderSpec): (secret: string) => string | null {
  const algorithm = spec.algorithm;
  if (isAsymmetric(algorithm)) {
    return (key) =>
      parsePublicKey(key, keyFamily(algorithm)) === null
        ? `${spec.name} needs an ${algorithm} public key (hex, base64, PEM or whpk_…)`
        : null;
  }
  if (algorithm === 'token') return (secret) => (secret.trim() === '' ? `${spec.name} needs a secret` : null);
  const format = spec.key ?? 'utf8';
  return (secret) => (hmacKey(secret, format) === null ? `${spec.name} needs ${KEY_HINTS[format]}` : null);
}

/** Builds the scheme for a spec; overrides replace generated members (custom verify or sign). */
export function defineProvider(
  spec: ProviderSpec,
  overrides: Partial<Pick<Scheme<ProviderConfig>, 'verify' | 'sign'>> = {},
): Scheme<ProviderConfig> {
  const compiled = compileSpec(spec);
  const asymmetric = isAsymmetric(spec.algorithm);
  return {
    id: spec.id,
    name: spec.name,
    category: spec.category,
    docsUrl: spec.docsUrl,
    ...(spec.timestamp === undefined || spec.tolerance === null
      ? {}
      : { tolerance: spec.tolerance ?? FALLBACK_TOLERANCE_SECONDS }),
    config: providerConfigSchema(spec),
    storage: asymmetric ? 'public_key' : spec.algorithm === 'token' ? 'hash' : 'encrypted',
    validateSecret: validator(spec),
    credentialHeaders: () =>
      'header' in spec.signature
        ? [spec.signature.header, ...(spec.signature.alsoHeaders ?? [])].map((name) => name.toLowerCase())
        : [],
    signatureFields: () => ('json' in spec.signature ? [spec.signature.json] : []),
    verify: (request, config, credentials, now) =>
      verifyWithSpec(compiled, request, config, credentials, now),
    sign: (body, _config, secret, now, url) => signWithSpec(compiled, body, secret, now, url),
    ...overrides,
  };
}
