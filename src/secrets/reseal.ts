import type { SecretBox } from './secret-box.ts';

/**
 * A stored credential version as re-sealing sees it. `kind` is set by stores that also keep credentials
 * that are not sealed (a connection's bcrypt hash or public key); a version without `kind` is sealed.
 */
export interface StoredCredentialVersion {
  readonly id: string;
  readonly material: string;
  readonly kind?: 'bcrypt' | 'encrypted' | 'public_key';
}

/** Where credential versions are kept: a store's (or its delivery part's) versioning operations. */
export interface CredentialVersionSource {
  allSecrets(): Promise<readonly StoredCredentialVersion[]>;
  updateSecretMaterial(id: string, material: string): Promise<void>;
}

/** Whether `version`'s material is an AES-GCM envelope of the secret box. */
export function isSealedVersion(version: StoredCredentialVersion): boolean {
  return version.kind === undefined || version.kind === 'encrypted';
}

/**
 * Re-seals every sealed version of `source` that is sealed under an older key (one the box holds as
 * previous) with the current key; returns how many were re-sealed. The one re-seal loop, for connection
 * and delivery credentials alike. Throws `SecretBoxError` when a version was sealed under a key the box
 * does not hold (versions done so far stay re-sealed).
 */
export async function resealVersions(
  source: CredentialVersionSource,
  box: Pick<SecretBox, 'seal' | 'open' | 'isCurrent'>,
): Promise<number> {
  let resealed = 0;
  for (const version of await source.allSecrets()) {
    if (!isSealedVersion(version) || box.isCurrent(version.material)) continue;
    await source.updateSecretMaterial(version.id, box.seal(box.open(version.material)));
    resealed += 1;
  }
  return resealed;
}

/** Throws the box's error (naming the unknown key id, never a secret) when a sealed version of `source` does not open. */
export async function checkVersionsOpen(
  source: Pick<CredentialVersionSource, 'allSecrets'>,
  box: Pick<SecretBox, 'open'>,
): Promise<void> {
  for (const version of await source.allSecrets()) if (isSealedVersion(version)) box.open(version.material);
}
