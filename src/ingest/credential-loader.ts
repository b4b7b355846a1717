import type { SecretVersionRecord } from '../store/types.ts';
import type { CredentialVersion } from '../verify/types.ts';

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
 * Builds the loader: encrypted versions are decrypted, hashed versions become a `matches` capability over
 * the cached hasher, public keys pass through. Throws when an envelope cannot be opened (wrong master key).
 */
export function createCredentialLoader(opener: CredentialOpener, hasher: HashComparer): CredentialLoader {
  return (versions) =>
    versions.map((version): CredentialVersion => {
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
    });
}

function assertNever(value: never): never {
  throw new Error(`Unknown secret kind: ${String(value)}`);
}
