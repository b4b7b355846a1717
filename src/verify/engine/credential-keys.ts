/**
 * Parsed keys cached per credential version: turning a secret into an HMAC `KeyObject` or parsing a PEM public
 * key costs far more than the signature check itself (Node re-imports a Buffer HMAC key on every
 * `createHmac`), and the gateway and the library keep one credential object per version, so each version is
 * parsed once. Entries are keyed weakly by the credential object and checked against its current text.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { CredentialVersion } from '../types.ts';
import { hmacKey, type KeyFamily, parsePublicKey } from './keys.ts';
import type { KeyFormat } from './spec.ts';

type Plain = Extract<CredentialVersion, { kind: 'plain' }>;
type Public = Extract<CredentialVersion, { kind: 'public_key' }>;

interface Entry {
  readonly text: string;
  /** By key format (`utf8`, `whsec`, …) or key family (`ed25519`, …): the two sets of names are disjoint. */
  readonly keys: Map<KeyFormat | KeyFamily, KeyObject | null>;
}

const cache = new WeakMap<object, Entry>();

function cached(
  credential: object,
  text: string,
  slot: KeyFormat | KeyFamily,
  parse: () => KeyObject | null,
): KeyObject | null {
  let entry = cache.get(credential);
  if (entry === undefined || entry.text !== text) {
    entry = { text, keys: new Map() };
    cache.set(credential, entry);
  }
  const hit = entry.keys.get(slot);
  if (hit !== undefined) return hit;
  const key = parse();
  entry.keys.set(slot, key);
  return key;
}

/** The HMAC key of a plaintext credential in the given format; null when the secret is not in that format. */
export function secretKeyOf(credential: Plain, format: KeyFormat): KeyObject | null {
  return cached(credential, credential.secret, format, () => {
    const bytes = hmacKey(credential.secret, format);
    return bytes === null ? null : createSecretKey(bytes);
  });
}

/** The public key of a public-key credential for the family; null when it is malformed or of another type. */
export function publicKeyOf(credential: Public, family: KeyFamily): KeyObject | null {
  return cached(credential, credential.publicKey, family, () => parsePublicKey(credential.publicKey, family));
}
