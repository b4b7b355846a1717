import type { SecretBox } from '../../secrets/index.ts';
import { createLruMap } from '../../secrets/index.ts';
import type { DeliverySecretRecord } from '../../store/index.ts';
import type { StoredSigning } from '../signing/signing-config.ts';

/** Decrypts sealed credential versions, remembering recent ones (AES-GCM once per version). */
export interface SecretOpener {
  /** Plaintexts of the versions that open, in the given order (newest first); others are skipped. */
  open(versions: readonly DeliverySecretRecord[]): string[];
}

/**
 * Creates an opener over the secret box. The cache is keyed by the sealed envelope (unique per version
 * because of its random nonce), so a rotated or re-encrypted version is simply a new entry.
 * `onError` hears about versions that fail to open (wrong master key), by id only.
 */
export function createSecretOpener(
  secretBox: Pick<SecretBox, 'open'>,
  onError: (versionId: string) => void,
  maxEntries = 10_000,
): SecretOpener {
  const cache = createLruMap<string, string>(maxEntries);
  return {
    open(versions) {
      const out: string[] = [];
      for (const version of versions) {
        let plaintext = cache.get(version.material);
        if (plaintext === undefined) {
          try {
            plaintext = secretBox.open(version.material);
            cache.set(version.material, plaintext);
          } catch {
            onError(version.id);
            continue;
          }
        }
        out.push(plaintext);
      }
      return out;
    },
  };
}

/** What replaces a credential found in a response preview. */
export const REDACTED = '[redacted]';

/** Shorter values are not searched for (they would match ordinary text). */
const MIN_LENGTH = 8;

/**
 * The strings that must never be stored: each plaintext credential, and for `basic` the base64 of
 * `username:password` as it travels in the Authorization header.
 */
export function sensitiveValues(secrets: readonly string[], signing: StoredSigning | null): string[] {
  const values = [...secrets];
  if (signing?.style === 'basic') {
    const { username } = signing;
    for (const secret of secrets)
      values.push(Buffer.from(`${username}:${secret}`, 'utf8').toString('base64'));
  }
  return values.filter((value) => value.length >= MIN_LENGTH);
}

/** `text` with every occurrence of the sensitive values replaced by `[redacted]`. */
export function redactSecrets(text: string, sensitive: readonly string[]): string {
  let out = text;
  for (const value of sensitive) if (out.includes(value)) out = out.replaceAll(value, REDACTED);
  return out;
}
