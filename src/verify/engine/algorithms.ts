/**
 * The cryptographic primitives behind every scheme: HMAC SHA-1/256/512 and keyed SHA-256 digests (compute,
 * then compare in constant time), and Ed25519 / ECDSA P-256 / RSA signatures (verify with a public key).
 */
import {
  constants,
  createHash,
  createHmac,
  type KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import type { KeyFamily } from './keys.ts';
import type { Algorithm } from './spec.ts';

/** Algorithms whose expected signature is computed from a shared secret. */
export type SymmetricAlgorithm = 'hmac-sha1' | 'hmac-sha256' | 'hmac-sha512' | 'sha256';

/** Algorithms checked with a public key. */
export type AsymmetricAlgorithm = 'ed25519' | 'ecdsa-p256-sha256' | 'rsa-sha256' | 'rsa-pss-sha256';

const HMAC_HASH = { 'hmac-sha1': 'sha1', 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512' } as const;

/** True for algorithms verified with a public key. */
export function isAsymmetric(algorithm: Algorithm): algorithm is AsymmetricAlgorithm {
  return algorithm === 'ed25519' || algorithm === 'ecdsa-p256-sha256' || algorithm.startsWith('rsa-');
}

/** The key family an asymmetric algorithm needs. */
export function keyFamily(algorithm: AsymmetricAlgorithm): KeyFamily {
  return algorithm === 'ed25519' ? 'ed25519' : algorithm === 'ecdsa-p256-sha256' ? 'p256' : 'rsa';
}

/** How the algorithm is named in a mismatch message (`HMAC signature mismatch`). */
export function algorithmLabel(algorithm: Algorithm): string {
  if (algorithm.startsWith('hmac-')) return 'HMAC';
  if (algorithm === 'sha256') return 'SHA-256';
  if (algorithm === 'ed25519') return 'Ed25519';
  if (algorithm === 'ecdsa-p256-sha256') return 'ECDSA';
  if (algorithm === 'token') return 'Token';
  return 'RSA';
}

/**
 * The expected signature bytes for a symmetric algorithm (`sha256`: the key is part of the content). Content may
 * be given in chunks (template parts), hashed in order without being concatenated.
 */
export function computeDigest(
  algorithm: SymmetricAlgorithm,
  key: KeyObject | Uint8Array,
  content: Uint8Array | readonly (string | Uint8Array)[],
): Buffer {
  const hash = algorithm === 'sha256' ? createHash('sha256') : createHmac(HMAC_HASH[algorithm], key);
  if (content instanceof Uint8Array) return hash.update(content).digest();
  for (const chunk of content) hash.update(chunk);
  return hash.digest();
}

/** Constant-time equality of two byte strings (lengths are public: signatures have a fixed size). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

function rsaOptions(algorithm: AsymmetricAlgorithm): { padding: number; saltLength?: number } {
  return algorithm === 'rsa-pss-sha256'
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
    : { padding: constants.RSA_PKCS1_PADDING };
}

/** Verifies an asymmetric signature; false (never a throw) on any malformed input. */
export function verifySignature(
  algorithm: AsymmetricAlgorithm,
  key: KeyObject,
  content: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    if (algorithm === 'ed25519') return verify(null, content, key, signature);
    if (algorithm === 'ecdsa-p256-sha256') {
      const dsaEncoding = signature.byteLength === 64 ? 'ieee-p1363' : 'der';
      return verify('sha256', content, { key, dsaEncoding }, signature);
    }
    return verify('sha256', content, { key, ...rsaOptions(algorithm) }, signature);
  } catch {
    return false;
  }
}

/** Signs content with a private key (ECDSA signatures are DER-encoded). */
export function signContent(algorithm: AsymmetricAlgorithm, key: KeyObject, content: Uint8Array): Buffer {
  if (algorithm === 'ed25519') return sign(null, content, key);
  if (algorithm === 'ecdsa-p256-sha256') return sign('sha256', content, { key, dsaEncoding: 'der' });
  const options = algorithm === 'rsa-pss-sha256' ? { saltLength: 32 } : {};
  return sign('sha256', content, { key, ...rsaOptions(algorithm), ...options });
}
