import { z } from 'zod';
import { generateSecret } from '../../secrets/index.ts';
import type { Scheme } from '../scheme.ts';
import { headerNameSchema, MIN_SECRET_LENGTH } from './scheme-helpers.ts';
import { checkHeaderSecret, signStaticSecret, verifyStaticSecret } from './static-secret.ts';

/** Default header of the `shared_secret` mode, the header existing shared-secret integrations send. */
export const SHARED_SECRET_DEFAULT_HEADER = 'x-webhook-secret';

/** Config of `shared_secret`: `{ mode, header? }`; the secret itself is kept as a bcrypt hash. */
export const sharedSecretConfigSchema = z.strictObject({
  mode: z.literal('shared_secret'),
  /** Header carrying the secret; matched case-insensitively. */
  header: headerNameSchema.default(SHARED_SECRET_DEFAULT_HEADER).meta({ 'x-form': { label: 'Header' } }),
});

/** Parsed `shared_secret` configuration. */
export type SharedSecretConfig = z.output<typeof sharedSecretConfigSchema>;

/**
 * `shared_secret`: the partner sends the secret itself in a header (no-code tools, own backends).
 * hookgate generates a 64-character secret; a user secret must be 16–72 visible ASCII characters
 * (72: bcrypt only reads the first 72 bytes). Wrong or missing → `UNAUTHORIZED: Invalid secret`.
 */
export const sharedSecretScheme: Scheme<SharedSecretConfig> = {
  id: 'shared_secret',
  name: 'Shared secret',
  category: 'generic',
  description: 'The partner sends the secret itself in a header. Works with Make, Zapier, n8n and curl.',
  secretInHeader: true,
  config: sharedSecretConfigSchema,
  storage: 'hash',
  generateSecret: () => generateSecret(64),
  validateSecret: (secret) => checkHeaderSecret(secret, MIN_SECRET_LENGTH, 72),
  credentialHeaders: (config) => [config.header.toLowerCase()],
  verify: (request, config, credentials) => verifyStaticSecret(request, config, credentials),
  sign: (body, config, secret) => signStaticSecret(body, config.header, secret),
};
