import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type CredentialVersion, unauthorized, type VerifyRequest, type VerifyResult } from '../types.ts';

/** Failure messages shared by the seed schemes (exact texts: senders' integrations and tests match on them, so they never change). */
export const MESSAGES = {
  invalidSecret: 'Invalid secret',
  mismatch: 'HMAC signature mismatch',
  missingCredential: 'Connection is missing its signing credential',
} as const;

/**
 * The shortest secret a user may choose for a mode (16 characters: about 95 bits when random from the
 * visible ASCII range). A provider row may document a shorter format of its own (`minSecretLength`).
 */
export const MIN_SECRET_LENGTH = 16;

/** The rule for a user-supplied secret: MIN_SECRET_LENGTH (or `min`) up to `max` characters. */
export function checkSecretLength(secret: string, min = MIN_SECRET_LENGTH, max = 1024): string | null {
  return secret.length >= min && secret.length <= max ? null : `must be ${min}–${max} characters long`;
}

/** Presented values longer than this are rejected without any comparison (no real secret is this long). */
export const MAX_PRESENTED_LENGTH = 8192;

/** Zod schema of an HTTP header name (an RFC 9110 token); matched case-insensitively. */
export const headerNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');

/** Digest algorithms of the `hmac` scheme, with their output length in bytes. */
export const DIGEST_LENGTH = { sha1: 20, sha256: 32, sha512: 64 } as const;

/** One of the supported HMAC digest algorithms. */
export type DigestAlgorithm = keyof typeof DIGEST_LENGTH;

/**
 * Reads a header case-insensitively. The contract says names are lower-case; library callers that pass
 * mixed-case names are still served by a scan. Non-string values (e.g. arrays) count as absent.
 */
export function readHeader(request: VerifyRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  const direct = request.headers[lower];
  if (typeof direct === 'string') return direct;
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === lower && typeof value === 'string') return value;
  }
  return undefined;
}

/** The plaintext secrets among the credential versions (HMAC-type schemes can use nothing else). */
export function plainSecrets(credentials: readonly CredentialVersion[]): string[] {
  const out: string[] = [];
  for (const c of credentials) if (c.kind === 'plain' && typeof c.secret === 'string') out.push(c.secret);
  return out;
}

/** HMAC of `data` under the UTF-8 bytes of `secret`. */
export function hmac(algorithm: DigestAlgorithm, secret: string, data: Uint8Array | string): Buffer {
  return createHmac(algorithm, secret).update(data).digest();
}

/**
 * True when `presented` equals any of `expected`. Every candidate is compared (no early exit) with
 * `timingSafeEqual` on equal-length buffers; a length mismatch is a non-match.
 */
export function anyDigestEquals(expected: readonly Buffer[], presented: Buffer): boolean {
  let matched = false;
  for (const digest of expected) {
    const same = digest.length === presented.length && timingSafeEqual(digest, presented);
    matched = same || matched;
  }
  return matched;
}

/** Constant-time string equality for any lengths: compares SHA-256 digests of the UTF-8 bytes. */
export function textEquals(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/**
 * Strictly decodes a signature: hex (either case) or base64 (standard or URL alphabet, padding optional).
 * Returns null for anything else or for a decoded length other than `length`.
 */
export function decodeSignature(text: string, encoding: 'hex' | 'base64', length: number): Buffer | null {
  if (encoding === 'hex') {
    if (text.length !== length * 2 || !/^[0-9a-fA-F]+$/.test(text)) return null;
    return Buffer.from(text, 'hex');
  }
  if (text.length > length * 2 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  const bytes = Buffer.from(unpadded.replaceAll('+', '-').replaceAll('/', '_'), 'base64url');
  return bytes.length === length ? bytes : null;
}

/**
 * Runs a verifier body and turns any unexpected exception (sync or async) into a failure result:
 * verifiers never throw. Synchronous verifiers stay synchronous.
 */
export function guard(
  run: () => VerifyResult | Promise<VerifyResult>,
  fallbackMessage: string,
): VerifyResult | Promise<VerifyResult> {
  try {
    const result = run();
    return result instanceof Promise ? result.catch(() => unauthorized(fallbackMessage)) : result;
  } catch {
    return unauthorized(fallbackMessage);
  }
}
