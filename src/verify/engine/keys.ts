/**
 * Key handling: HMAC secrets (raw, hex, base64, `whsec_`) and asymmetric keys given as PEM, base64/hex DER, or
 * raw bytes (hex, base64, `whpk_…` / `whsk_…`). Every parser returns null instead of throwing.
 */
import { createPrivateKey, createPublicKey, ECDH, type KeyObject } from 'node:crypto';
import { decodeBase64, decodeHex } from './encoding.ts';
import type { KeyFormat } from './spec.ts';

/** Asymmetric key families the engine verifies with. */
export type KeyFamily = 'ed25519' | 'p256' | 'rsa';

const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const P256_SPKI = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const KEY_PREFIX = /^(?:whpk_|whsk_)/;

/** The HMAC key bytes for a secret; null when the secret is not in the expected format or empty. */
export function hmacKey(secret: string, format: KeyFormat): Buffer | null {
  const key =
    format === 'utf8'
      ? Buffer.from(secret, 'utf8')
      : format === 'hex'
        ? decodeHex(secret.trim())
        : decodeBase64(format === 'whsec' ? secret.trim().replace(/^whsec_/, '') : secret.trim());
  return key === null || key.length === 0 ? null : key;
}

/** Raw key bytes from hex or base64 text (with an optional `whpk_`/`whsk_` prefix). */
function rawBytes(text: string): Buffer | null {
  const bare = text.replace(KEY_PREFIX, '');
  return decodeHex(bare) ?? decodeBase64(bare);
}

function familyOf(key: KeyObject): KeyFamily | null {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return 'rsa';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'p256';
  return null;
}

function checked(key: KeyObject, family: KeyFamily): KeyObject | null {
  return familyOf(key) === family ? key : null;
}

function publicFromRaw(bytes: Buffer, family: KeyFamily): KeyObject {
  if (family === 'ed25519' && bytes.length === 32) {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI, bytes]), format: 'der', type: 'spki' });
  }
  if (family === 'p256' && (bytes.length === 33 || bytes.length === 65)) {
    const point =
      bytes.length === 65
        ? bytes
        : Buffer.from(
            ECDH.convertKey(bytes, 'prime256v1', undefined, 'hex', 'uncompressed') as string,
            'hex',
          );
    return createPublicKey({ key: Buffer.concat([P256_SPKI, point]), format: 'der', type: 'spki' });
  }
  return createPublicKey({ key: bytes, format: 'der', type: 'spki' });
}

/** Parses a public key for the family; null when it is malformed or of another type. */
export function parsePublicKey(text: string, family: KeyFamily): KeyObject | null {
  try {
    const trimmed = text.trim();
    if (trimmed.startsWith('-----BEGIN')) return checked(createPublicKey(trimmed), family);
    const bytes = rawBytes(trimmed);
    return bytes === null || bytes.length === 0 ? null : checked(publicFromRaw(bytes, family), family);
  } catch {
    return null;
  }
}

/** Parses a private key (for signers): PEM, base64/hex PKCS#8 DER, or a raw Ed25519 seed. */
export function parsePrivateKey(text: string, family: KeyFamily): KeyObject | null {
  try {
    const trimmed = text.trim();
    if (trimmed.startsWith('-----BEGIN')) return checked(createPrivateKey(trimmed), family);
    const bytes = rawBytes(trimmed);
    if (bytes === null || bytes.length === 0) return null;
    if (family === 'ed25519' && (bytes.length === 32 || bytes.length === 64)) {
      const der = Buffer.concat([ED25519_PKCS8, bytes.subarray(0, 32)]);
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    }
    return checked(createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' }), family);
  } catch {
    return null;
  }
}
