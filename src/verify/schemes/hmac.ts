import { z } from 'zod';
import { generateSecret } from '../../secrets/generate.ts';
import type { Scheme } from '../scheme.ts';
import { unauthorized, VERIFIED } from '../types.ts';
import {
  anyDigestEquals,
  DIGEST_LENGTH,
  decodeSignature,
  guard,
  headerNameSchema,
  hmac,
  MAX_PRESENTED_LENGTH,
  MESSAGES,
  plainSecrets,
  readHeader,
} from './scheme-helpers.ts';

/** Default signature header of the generic `hmac` mode. */
export const HMAC_DEFAULT_HEADER = 'x-signature';

/** Config of `hmac`: where the signature is, how it is encoded, and which digest signs the raw body. */
export const hmacConfigSchema = z.strictObject({
  mode: z.literal('hmac'),
  /** Signature header, matched case-insensitively (e.g. `X-Hub-Signature-256`, `X-Signature-Primary`). */
  header: headerNameSchema.default(HMAC_DEFAULT_HEADER),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  /** Text before the encoded digest, e.g. `sha256=`; required on the request when configured. */
  prefix: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII without spaces')
    .optional(),
  algorithm: z.enum(['sha256', 'sha1', 'sha512']).default('sha256'),
});

/** Parsed `hmac` configuration. */
export type HmacConfig = z.output<typeof hmacConfigSchema>;

/** Computes the signature header value for `body` (prefix + encoded digest). */
export function hmacSignatureValue(body: Uint8Array, config: HmacConfig, secret: string): string {
  const digest = hmac(config.algorithm, secret, body);
  return `${config.prefix ?? ''}${digest.toString(config.encoding)}`;
}

/**
 * Generic `hmac`: `<header>: <prefix><encode(HMAC-<algorithm>(secret, raw body))>`, compared timing-safe on
 * the decoded bytes (so hex is case-insensitive). Secrets are used as their UTF-8 bytes and stored
 * encrypted; generated ones are 64 characters (as Flintn's, whose `X-Signature-Primary` is this mode).
 * Missing header → `Missing <header>`; absent prefix, wrong encoding or length, mismatch → `HMAC signature mismatch`.
 */
export const hmacScheme: Scheme<HmacConfig> = {
  id: 'hmac',
  name: 'Generic HMAC',
  category: 'generic',
  config: hmacConfigSchema,
  storage: 'encrypted',
  generateSecret: () => generateSecret(64),
  validateSecret: (secret) =>
    secret.length >= 1 && secret.length <= 1024 ? null : 'must be 1–1024 characters',
  credentialHeaders: (config) => [config.header.toLowerCase()],
  verify(request, config, credentials) {
    return guard(() => {
      const secrets = plainSecrets(credentials);
      if (secrets.length === 0) return unauthorized(MESSAGES.missingCredential);
      const raw = readHeader(request, config.header)?.trim();
      if (raw === undefined || raw === '') return unauthorized(`Missing ${config.header}`);
      if (raw.length > MAX_PRESENTED_LENGTH) return unauthorized(MESSAGES.mismatch);
      let encoded = raw;
      if (config.prefix !== undefined) {
        if (raw.slice(0, config.prefix.length).toLowerCase() !== config.prefix.toLowerCase()) {
          return unauthorized(MESSAGES.mismatch);
        }
        encoded = raw.slice(config.prefix.length);
      }
      const presented = decodeSignature(encoded, config.encoding, DIGEST_LENGTH[config.algorithm]);
      if (presented === null) return unauthorized(MESSAGES.mismatch);
      const expected = secrets.map((secret) => hmac(config.algorithm, secret, request.body));
      return anyDigestEquals(expected, presented) ? VERIFIED : unauthorized(MESSAGES.mismatch);
    }, MESSAGES.mismatch);
  },
  sign(body, config, secret) {
    return {
      headers: {
        [config.header]: hmacSignatureValue(body, config, secret),
        'content-type': 'application/json',
      },
      body,
    };
  },
};
