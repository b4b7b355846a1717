/**
 * Static-token schemes (GitLab `X-Gitlab-Token`, Telegram secret token, Okta, Basic auth): the request carries
 * the secret itself. Plaintext credentials are compared through SHA-256 digests in constant time; hashed ones
 * through their `matches` capability. Every version is tried.
 */
import { createHash } from 'node:crypto';
import type { CredentialVersion } from '../types.ts';
import { bytesEqual } from './algorithms.ts';
import type { MatchOutcome } from './match.ts';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function outcome(usable: number, results: readonly boolean[]): MatchOutcome {
  return { usable, matched: results.some(Boolean) };
}

/** Longer presented tokens are refused without hashing (no real secret is this long). */
export const MAX_TOKEN_LENGTH = 4096;

/** Compares a presented token with every credential version; async only when a version is hashed. */
export function matchToken(
  presented: string,
  credentials: readonly CredentialVersion[],
): MatchOutcome | Promise<MatchOutcome> {
  if (presented.length > MAX_TOKEN_LENGTH) {
    return { usable: credentials.filter((c) => c.kind !== 'public_key').length, matched: false };
  }
  const presentedDigest = digest(presented);
  const plain: boolean[] = [];
  const hashed: Promise<boolean>[] = [];
  for (const credential of credentials) {
    if (credential.kind === 'plain' && credential.secret !== '') {
      plain.push(bytesEqual(presentedDigest, digest(credential.secret)));
    } else if (credential.kind === 'hashed') {
      hashed.push(credential.matches(presented).catch(() => false));
    }
  }
  const usable = plain.length + hashed.length;
  if (hashed.length === 0) return outcome(usable, plain);
  return Promise.all(hashed).then((results) => outcome(usable, [...plain, ...results]));
}
