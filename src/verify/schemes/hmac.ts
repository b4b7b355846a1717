import { z } from 'zod';
import { generateSecret } from '../../secrets/index.ts';
import { signWithSpec } from '../engine/sign.ts';
import { verifyWithSpec } from '../engine/verify.ts';
import { signNetlify, verifyNetlify } from '../providers/netlify.ts';
import { findPreset } from '../providers/presets.ts';
import type { Scheme } from '../scheme.ts';
import { unauthorized } from '../types.ts';
import { hmacConfigProblems } from './hmac-checks.ts';
import { fillHmacConfig, HMAC_DEFAULT_HEADER, type HmacConfig, hmacInputSchema } from './hmac-config.ts';
import { compileHmac } from './hmac-spec.ts';
import { checkSecretLength, hmac, MESSAGES } from './scheme-helpers.ts';

export { fillHmacConfig, HMAC_DEFAULT_HEADER, type HmacConfig, hmacInputSchema };

/**
 * Config of `hmac`, parsed from the admin input: the preset's fields, the given ones over them, then defaults.
 * Output is the filled config that is stored (it keeps `preset` as a label); re-parsing it gives the same.
 */
export const hmacConfigSchema: z.ZodType<
  HmacConfig,
  z.input<typeof hmacInputSchema>
> = hmacInputSchema.transform((input, ctx) => {
  const problems = hmacConfigProblems(input);
  for (const { field, message } of problems) {
    ctx.issues.push({ code: 'custom', message, path: [field], input: input[field as keyof typeof input] });
  }
  return problems.length === 0 ? fillHmacConfig(input) : z.NEVER;
});

/** Computes the signature header value for `body` (prefix + encoded digest) under a body-only config. */
export function hmacSignatureValue(body: Uint8Array, config: HmacConfig, secret: string): string {
  const digest = hmac(config.algorithm, secret, body);
  return `${config.prefix ?? ''}${digest.toString(config.encoding)}`;
}

function delegated(config: unknown): boolean {
  const preset =
    typeof config === 'object' && config !== null
      ? findPreset((config as { preset?: unknown }).preset)
      : undefined;
  return preset?.delegate === true;
}

/**
 * Generic `hmac`: `<header>: <prefix><encode(HMAC-<algorithm>(secret, content))>`, where content is the raw body
 * unless a template says otherwise (`{timestamp}.{body}`, `v0:{timestamp}:{body}`, …), with an optional
 * timestamp (header or body field; unit s, ms or ISO-8601) checked within ±tolerance in both directions.
 * Several comma-separated values (rotation) may be sent: any match passes. Compared timing-safe on the
 * decoded bytes. Secrets are used as their UTF-8 bytes and stored encrypted; generated ones are 64 characters.
 * Missing header → `Missing <header>`; absent prefix, wrong encoding or length, mismatch → `HMAC signature
 * mismatch`; timestamp → `Missing <header>` / `Signature timestamp outside ±5 min tolerance`. The `netlify`
 * preset (a JWS) verifies with the Netlify scheme.
 */
/** The filled config, from the per-config compile cache (a config that cannot compile is filled afresh). */
function filledConfig(config: HmacConfig): HmacConfig {
  try {
    return compileHmac(config).config;
  } catch {
    return fillHmacConfig(config);
  }
}

export const hmacScheme: Scheme<HmacConfig> = {
  id: 'hmac',
  name: 'HMAC signature',
  category: 'generic',
  description: 'The partner signs the raw body with the secret and sends the signature in a header.',
  config: hmacConfigSchema,
  storage: 'encrypted',
  generateSecret: () => generateSecret(64),
  validateSecret: (secret) => checkSecretLength(secret),
  credentialHeaders: (config) => {
    const { header } = filledConfig(config);
    return header === undefined ? [] : [header.toLowerCase()];
  },
  signatureFields: (config) => {
    const { signatureField } = filledConfig(config);
    return signatureField === undefined ? [] : [signatureField];
  },
  verify(request, config, credentials, now) {
    try {
      if (delegated(config)) return verifyNetlify(request, credentials);
      return verifyWithSpec(compileHmac(config).compiled, request, config, credentials, now);
    } catch {
      return unauthorized(MESSAGES.mismatch);
    }
  },
  sign(body, config, secret, now, url) {
    if (delegated(config)) return signNetlify(body, secret);
    return signWithSpec(compileHmac(config).compiled, body, secret, now, url);
  },
};
