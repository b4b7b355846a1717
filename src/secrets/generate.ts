import { randomBytes } from 'node:crypto';

/** The alphabet of generated secrets: `[A-Za-z0-9]` (62 characters). */
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Default length of generated connection secrets (the length senders such as Flintn issue). */
export const DEFAULT_SECRET_LENGTH = 64;

/** Prefix of generated admin tokens, so a leaked token is recognisable by secret scanners. */
export const ADMIN_TOKEN_PREFIX = 'hgat_';

/**
 * Largest multiple of 62 that fits in a byte (62 × 4 = 248). Bytes at or above it are discarded, so every
 * accepted byte maps to a character with probability exactly 1/62 (rejection sampling, no modulo bias).
 */
const ACCEPT_BELOW = 248;

/**
 * Generates a random string of `[A-Za-z0-9]` from the operating system's CSPRNG, without bias.
 * 64 characters carry about 381 bits of entropy.
 */
export function generateSecret(length: number = DEFAULT_SECRET_LENGTH): string {
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new RangeError(`secret length must be an integer between 1 and 4096, got ${length}`);
  }
  let out = '';
  while (out.length < length) {
    // About 3 % of bytes are rejected; ask for a little more than needed to usually finish in one round.
    const bytes = randomBytes(Math.ceil((length - out.length) * 1.1) + 8);
    for (const byte of bytes) {
      if (byte < ACCEPT_BELOW) {
        out += ALPHANUMERIC[byte % 62];
        if (out.length === length) break;
      }
    }
  }
  return out;
}

/** Generates an admin API token: `hgat_` followed by 40 alphanumeric characters (about 238 bits). */
export function generateAdminToken(): string {
  return `${ADMIN_TOKEN_PREFIX}${generateSecret(40)}`;
}
