import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MASTER_KEY_BYTES, masterKeyId } from './master-key.ts';

/** Encrypts connection secrets at rest (AES-256-GCM) under the current master key. */
export interface SecretBox {
  /** Encrypts under the current key: `v1.<keyId>.<nonce>.<tag>.<ciphertext>` (base64url parts). */
  seal(plaintext: string): string;
  /** Decrypts an envelope sealed under the current or a previous key. @throws SecretBoxError */
  open(envelope: string): string;
  /** True when the envelope was sealed under the current key (false: re-seal it after a key rotation). */
  isCurrent(envelope: string): boolean;
  /** The key id of the current master key. */
  readonly keyId: string;
}

/** Master keys for {@link createSecretBox}: the current one, and older ones still accepted for `open`. */
export interface SecretBoxKeys {
  readonly current: Buffer;
  readonly previous?: readonly Buffer[];
}

/** Raised by `open` for a malformed, tampered or unknown-key envelope. Never contains plaintext or key material. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PART = /^[A-Za-z0-9_-]*$/;

interface Envelope {
  readonly keyId: string;
  readonly nonce: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

function parse(envelope: string): Envelope {
  const parts = typeof envelope === 'string' ? envelope.split('.') : [];
  const [version, keyId, nonce, tag, ciphertext] = parts;
  if (parts.length !== 5 || version !== VERSION || !parts.every((p) => PART.test(p))) {
    throw new SecretBoxError(
      `secret envelope is malformed (expected ${VERSION}.<keyId>.<nonce>.<tag>.<data>)`,
    );
  }
  const parsed = {
    keyId: keyId ?? '',
    nonce: Buffer.from(nonce ?? '', 'base64url'),
    tag: Buffer.from(tag ?? '', 'base64url'),
    ciphertext: Buffer.from(ciphertext ?? '', 'base64url'),
  };
  if (parsed.nonce.length !== NONCE_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new SecretBoxError('secret envelope is malformed (bad nonce or tag length)');
  }
  return parsed;
}

function checkKey(key: Buffer, label: string): void {
  if (!Buffer.isBuffer(key) || key.length !== MASTER_KEY_BYTES) {
    throw new SecretBoxError(`${label} master key must be ${MASTER_KEY_BYTES} bytes`);
  }
}

/**
 * Creates a secret box. Each seal uses a fresh 12-byte random nonce; the version and key id are bound as
 * additional authenticated data, so an envelope cannot be relabelled to another key.
 */
export function createSecretBox(keys: SecretBoxKeys): SecretBox {
  checkKey(keys.current, 'current');
  const currentId = masterKeyId(keys.current);
  const byId = new Map<string, Buffer>();
  for (const key of keys.previous ?? []) {
    checkKey(key, 'previous');
    byId.set(masterKeyId(key), key);
  }
  byId.set(currentId, keys.current);

  return {
    keyId: currentId,
    seal(plaintext: string): string {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.current, nonce);
      cipher.setAAD(Buffer.from(`${VERSION}.${currentId}`));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [nonce, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
      return [VERSION, currentId, ...parts].join('.');
    },
    open(envelope: string): string {
      const { keyId, nonce, tag, ciphertext } = parse(envelope);
      const key = byId.get(keyId);
      if (key === undefined) {
        throw new SecretBoxError(
          `secret was sealed with an unknown master key (key id ${keyId}); ` +
            'set that key as HOOKGATE_MASTER_KEY or list it in HOOKGATE_MASTER_KEY_PREVIOUS',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'secret envelope failed authentication (tampered, or sealed with another key)',
        );
      }
    },
    isCurrent(envelope: string): boolean {
      try {
        return parse(envelope).keyId === currentId;
      } catch {
        return false;
      }
    },
  };
}
