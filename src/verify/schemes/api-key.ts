import { z } from 'zod';
import { generateSecret } from '../../secrets/index.ts';
import type { Scheme } from '../scheme.ts';
import { headerNameSchema, MIN_SECRET_LENGTH } from './scheme-helpers.ts';
import { checkHeaderSecret, signStaticSecret, verifyStaticSecret } from './static-secret.ts';

/** Default header of the `api_key` mode (Xoxo's `x-api-key`). */
export const API_KEY_DEFAULT_HEADER = 'x-api-key';

/** Config of `api_key`: `{ mode, header?, format? }`; `format: "xoxo"` applies Xoxo's key rules. */
export const apiKeyConfigSchema = z.strictObject({
  mode: z.literal('api_key'),
  /** Header carrying the key; matched case-insensitively. */
  header: headerNameSchema.default(API_KEY_DEFAULT_HEADER).meta({ 'x-form': { label: 'Header' } }),
  /** `xoxo`: keys are alphanumeric, 13–60 characters; generated ones are 40. */
  format: z
    .enum(['xoxo'])
    .optional()
    .meta({
      'x-form': {
        label: 'Key format',
        placeholder: 'Any (64 characters when generated)',
        optionLabels: { xoxo: 'Xoxo (alphanumeric, 13–60; 40 when generated)' },
      },
    }),
});

/** Parsed `api_key` configuration. */
export type ApiKeyConfig = z.output<typeof apiKeyConfigSchema>;

const XOXO_KEY = /^[A-Za-z0-9]{13,60}$/;

/**
 * `api_key`: a static key header (Xoxo). The user gives the key (it is usually chosen in the partner's
 * dashboard) or hookgate generates one (64 characters; 40 with `format: "xoxo"`). Stored encrypted and
 * compared in constant time. Wrong or missing → `UNAUTHORIZED: Invalid secret`.
 */
export const apiKeyScheme: Scheme<ApiKeyConfig> = {
  id: 'api_key',
  name: 'API key',
  category: 'generic',
  description: 'A static key in a header (Xoxo style).',
  credentialLabel: 'Key',
  secretInHeader: true,
  config: apiKeyConfigSchema,
  storage: 'encrypted',
  generateSecret: (config) => generateSecret(config.format === 'xoxo' ? 40 : 64),
  validateSecret(secret, config) {
    if (config.format === 'xoxo') {
      return XOXO_KEY.test(secret)
        ? null
        : 'Xoxo API keys must be alphanumeric (A–Z, a–z, 0–9), 13–60 characters';
    }
    return checkHeaderSecret(secret, MIN_SECRET_LENGTH, 1024);
  },
  credentialHeaders: (config) => [config.header.toLowerCase()],
  verify: (request, config, credentials) => verifyStaticSecret(request, config, credentials),
  sign: (body, config, secret) => signStaticSecret(body, config.header, secret),
};
