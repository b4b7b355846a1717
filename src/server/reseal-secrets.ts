import { failure, type Result } from '../errors/index.ts';
import type { Logger } from '../observability/index.ts';
import {
  type CredentialVersionSource,
  checkVersionsOpen,
  resealVersions,
  type SecretBox,
  SecretBoxError,
} from '../secrets/index.ts';
import type { MaintenanceRepository } from '../store/index.ts';

/** The stores holding credential versions: connections' own, and the delivery part's (applications, endpoints, forwarding). */
type CredentialStores = CredentialVersionSource & { readonly delivery: CredentialVersionSource };

/** Every credential version source of the store, each re-sealed and checked by the same loop. */
function credentialSources(store: CredentialStores): readonly CredentialVersionSource[] {
  return [store, store.delivery];
}

/** The lock a reseal runs under: one instance of a cluster re-encrypts at a time. */
export const RESEAL_LOCK = 'reseal';

/**
 * Master-key rotation, last step: re-encrypts every stored secret (connections, applications, endpoints)
 * sealed under an older key (one listed in HOOKGATE_MASTER_KEY_PREVIOUS) with the current key. Never
 * runs at start: in a cluster it may only run once every instance holds the new key (an instance without
 * it could no longer read what was re-encrypted). Returns how many versions were re-sealed.
 */
export async function resealSecrets(
  store: CredentialStores,
  box: Pick<SecretBox, 'seal' | 'open' | 'isCurrent'>,
  logger: Logger,
): Promise<number> {
  let resealed = 0;
  for (const source of credentialSources(store)) resealed += await resealVersions(source, box);
  if (resealed > 0) logger.info({ resealed }, 're-encrypted stored secrets under the current master key');
  return resealed;
}

/**
 * Start-up check: every stored secret opens with the keys this instance holds (current and previous).
 * Throws the secret box's error (naming the unknown key id, never a secret) otherwise, so a wrong master
 * key stops the start instead of serving connections it cannot verify. Changes nothing.
 */
export async function checkSecretsOpen(store: CredentialStores, box: Pick<SecretBox, 'open'>): Promise<void> {
  for (const source of credentialSources(store)) await checkVersionsOpen(source, box);
}

/**
 * `resealSecrets` under the cluster-wide lock, as an outcome: CONFLICT when another instance is re-sealing
 * now, or when a secret is sealed under a key this instance does not hold (nothing is lost: versions done
 * so far stay re-sealed, and a reseal can be repeated on an instance that has every key).
 */
export async function resealExclusively(
  store: CredentialStores & Pick<MaintenanceRepository, 'exclusive'>,
  box: SecretBox,
  logger: Logger,
): Promise<Result<{ resealed: number }>> {
  try {
    const result = await store.exclusive(RESEAL_LOCK, () => resealSecrets(store, box, logger));
    if (!result.ran) return failure('CONFLICT', 'A reseal is already running on another instance');
    return { ok: true, value: { resealed: result.value } };
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    return failure(
      'CONFLICT',
      `A stored secret cannot be opened with this instance's keys: ${error.message}`,
    );
  }
}
