import { createHash } from 'node:crypto';

/** Size of an AES-256 master key in bytes. */
export const MASTER_KEY_BYTES = 32;

/** Raised when a master key is absent, malformed or the wrong size. The message never contains key material. */
export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

/** Standard or URL alphabet, padding optional. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Parses a base64 (or base64url) master key and checks that it is exactly 32 bytes.
 * `label` names the source in the error, e.g. `HOOKGATE_MASTER_KEY`.
 * @throws MasterKeyError with a message saying what is wrong and how to generate a key.
 */
export function parseMasterKey(encoded: string, label = 'master key'): Buffer {
  const text = encoded.trim();
  const hint = 'Generate one with: openssl rand -base64 32';
  if (text === '') throw new MasterKeyError(`${label} is empty. ${hint}`);
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new MasterKeyError(`${label} looks like hex; give the 32 bytes in base64 instead. ${hint}`);
  }
  const unpadded = text.replace(/=+$/, '');
  if (!BASE64.test(text) || unpadded.length % 4 === 1) {
    throw new MasterKeyError(`${label} is not valid base64. ${hint}`);
  }
  const key = Buffer.from(unpadded.replaceAll('+', '-').replaceAll('/', '_'), 'base64url');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(
      `${label} must decode to ${MASTER_KEY_BYTES} bytes (44 base64 characters), got ${key.length} bytes. ${hint}`,
    );
  }
  return key;
}

/**
 * The public identifier of a master key: the first 8 hex characters of its SHA-256.
 * Stored in every envelope so the right key is picked after a rotation; reveals nothing useful about the key.
 */
export function masterKeyId(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
