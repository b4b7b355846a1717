import { createLruMap } from '../secrets/index.ts';
import type { SecretVersionRecord } from '../store/index.ts';
import type { CredentialVersion } from '../verify/internal.ts';

/** Opens encrypted credentials (the secret box). */
export interface CredentialOpener {
  open(envelope: string): string;
}

/** Compares a presented value with a bcrypt hash (the cached hasher). */
export interface HashComparer {
  verify(presented: string, hash: string): Promise<boolean>;
}

/** Turns stored secret versions into the credentials a verifier takes. */
export type CredentialLoader = (versions: readonly SecretVersionRecord[]) => CredentialVersion[];

/**
 * Builds the loader: encrypted versions are decrypted (once per version: the plaintext is kept in memory,
 * as the verifier needs it anyway), hashed versions become a `matches` capability over the cached hasher,
 * public keys pass through. Throws when an envelope cannot be opened (wrong master key).
 */
export function createCredentialLoader(
  opener: CredentialOpener,
  hasher: HashComparer,
  maxEntries = 10_000,
): CredentialLoader {
  const loaded = createLruMap<string, { material: string; credential: CredentialVersion }>(maxEntries);
  const build = (version: SecretVersionRecord): CredentialVersion => {
    switch (version.kind) {
      case 'bcrypt':
        return {
          id: version.id,
          kind: 'hashed',
          matches: (presented) => hasher.verify(presented, version.material),
        };
      case 'encrypted':
        return { id: version.id, kind: 'plain', secret: opener.open(version.material) };
      case 'public_key':
        return { id: version.id, kind: 'public_key', publicKey: version.material };
      default:
        return assertNever(version.kind);
    }
  };
  return (versions) =>
    versions.map((version) => {
      const cached = loaded.get(version.id);
      if (cached?.material === version.material) return cached.credential;
      const credential = build(version);
      loaded.set(version.id, { material: version.material, credential });
      return credential;
    });
}

function assertNever(value: never): never {
  throw new Error(`Unknown secret kind: ${String(value)}`);
}
