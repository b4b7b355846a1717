import type { SignedRequest } from '../scheme.ts';
import {
  type CredentialVersion,
  unauthorized,
  VERIFIED,
  type VerifyRequest,
  type VerifyResult,
} from '../types.ts';
import { guard, MAX_PRESENTED_LENGTH, MESSAGES, readHeader, textEquals } from './scheme-helpers.ts';

/**
 * Verification shared by the static-header schemes (`shared_secret`, `api_key`): the secret itself travels
 * in a header. Plain credentials are compared in constant time; hashed ones through their `matches`.
 * Every version is checked (no early exit). Wrong, missing or oversized values → `Invalid secret`.
 */
export function verifyStaticSecret(
  request: VerifyRequest,
  config: { readonly header: string },
  credentials: readonly CredentialVersion[],
): VerifyResult | Promise<VerifyResult> {
  return guard(() => {
    const header = config.header;
    const usable = credentials.filter((c) => c.kind === 'plain' || c.kind === 'hashed');
    if (usable.length === 0) return unauthorized(MESSAGES.missingCredential);
    const presented = readHeader(request, header)?.trim();
    if (presented === undefined || presented === '' || presented.length > MAX_PRESENTED_LENGTH) {
      return unauthorized(MESSAGES.invalidSecret);
    }
    let plainMatch = false;
    const pending: Promise<boolean>[] = [];
    for (const credential of usable) {
      if (credential.kind === 'plain') plainMatch = textEquals(credential.secret, presented) || plainMatch;
      else if (credential.kind === 'hashed') pending.push(safeMatches(credential, presented));
    }
    if (pending.length === 0) return plainMatch ? VERIFIED : unauthorized(MESSAGES.invalidSecret);
    return Promise.all(pending).then((results) =>
      plainMatch || results.includes(true) ? VERIFIED : unauthorized(MESSAGES.invalidSecret),
    );
  }, MESSAGES.invalidSecret);
}

async function safeMatches(
  credential: Extract<CredentialVersion, { kind: 'hashed' }>,
  presented: string,
): Promise<boolean> {
  try {
    return (await credential.matches(presented)) === true;
  } catch {
    return false;
  }
}

/** What a partner sends for a static-header scheme: the secret in the header, the body unchanged. */
export function signStaticSecret(body: Uint8Array, header: string, secret: string): SignedRequest {
  return { headers: { [header]: secret, 'content-type': 'application/json' }, body };
}

/**
 * Checks a user-supplied static secret: it must be sendable as a header value (visible ASCII, no spaces)
 * and within the given length bounds. Returns an error message or null.
 */
export function checkHeaderSecret(secret: string, min: number, max: number): string | null {
  if (!/^[\x21-\x7e]*$/.test(secret)) return 'must contain only visible ASCII characters (no spaces)';
  if (secret.length < min || secret.length > max) return `must be ${min}–${max} characters long`;
  return null;
}
