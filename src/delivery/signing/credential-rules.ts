import { randomBytes } from 'node:crypto';
import { generateSecret } from '../../secrets/generate.ts';
import { hmacKey } from '../../verify/engine/keys.ts';
import { apiKeyScheme } from '../../verify/schemes/api-key.ts';
import { checkHeaderSecret } from '../../verify/schemes/static-secret.ts';
import type { SigningStyle } from './signing-config.ts';

/** Length of generated application secrets (as Flintn's). */
export const APPLICATION_SECRET_LENGTH = 64;

/** Standard Webhooks keys are 24–64 bytes. */
const STANDARD_KEY_BYTES = { min: 24, max: 64 } as const;

/** A generated application signing secret: 64 characters of `[A-Za-z0-9]`. */
export function generateApplicationSecret(): string {
  return generateSecret(APPLICATION_SECRET_LENGTH);
}

/** The HMAC key of a Standard Webhooks secret (`whsec_<base64>` or bare base64), or null. */
export function standardWebhooksKey(secret: string): Buffer | null {
  const key = hmacKey(secret, 'whsec');
  if (key === null || key.length < STANDARD_KEY_BYTES.min || key.length > STANDARD_KEY_BYTES.max) return null;
  return key;
}

/**
 * Checks a user-given endpoint credential for `style`; returns an error message or null. Xoxo's rule for
 * `api_key` (alphanumeric, 13–60) comes from the inbound `api_key` scheme.
 */
export function checkEndpointCredential(style: SigningStyle, secret: string): string | null {
  switch (style) {
    case 'standard_webhooks':
      return standardWebhooksKey(secret) === null
        ? 'must be whsec_ followed by the base64 of a 24–64 byte key'
        : null;
    case 'api_key':
      return (
        apiKeyScheme.validateSecret?.(secret, { mode: 'api_key', header: 'x-api-key', format: 'xoxo' }) ??
        null
      );
    case 'basic':
      return checkHeaderSecret(secret, 8, 1024);
    case 'none':
      return 'the none style has no credential';
    default:
      return checkHeaderSecret(secret, 16, 1024);
  }
}

/** Generates an endpoint credential for `style`. */
export function generateEndpointCredential(style: SigningStyle): string {
  switch (style) {
    case 'standard_webhooks':
      return `whsec_${randomBytes(32).toString('base64')}`;
    case 'api_key':
      return generateSecret(40);
    case 'basic':
      return generateSecret(32);
    default:
      return generateSecret(64);
  }
}
