import { resealDeliverySecrets } from '../delivery/delivery-maintenance.ts';
import type { Logger } from '../observability/logger.ts';
import type { SecretBox } from '../secrets/index.ts';
import type { Store } from '../store/types.ts';

/**
 * Master-key rotation: re-encrypts every stored secret (connections, applications, endpoints) that is sealed under an older key (one listed in
 * HOOKGATE_MASTER_KEY_PREVIOUS) with the current key. Runs at start; returns how many were re-sealed.
 */
export async function resealSecrets(store: Store, box: SecretBox, logger: Logger): Promise<number> {
  let resealed = 0;
  for (const version of await store.allSecrets()) {
    if (version.kind !== 'encrypted' || box.isCurrent(version.material)) continue;
    await store.updateSecretMaterial(version.id, box.seal(box.open(version.material)));
    resealed += 1;
  }
  resealed += await resealDeliverySecrets(store, box);
  if (resealed > 0) logger.info({ resealed }, 're-encrypted stored secrets under the current master key');
  return resealed;
}
