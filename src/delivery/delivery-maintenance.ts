import type { Clock } from '../core/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import { resealVersions } from '../secrets/index.ts';
import type { DeliveryStore } from '../store/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long attempts and finished messages are kept by default (the delivery log's 30 days). */
export const DELIVERY_RETENTION_DAYS = 30;

/** What a delivery purge removed. */
export interface DeliveryPurgeCounts {
  readonly attempts: number;
  readonly messages: number;
}

/**
 * The delivery log's retention, for the gateway's retention job: deletes attempts older than
 * `retentionDays`, and messages older than that whose deliveries are all finished (SUCCESS or
 * DEAD_LETTER; their delivery rows go with them). Messages still being retried are kept whatever their age.
 */
export async function runDeliveryRetention(
  store: { readonly delivery: Pick<DeliveryStore, 'purge'> },
  clock: Clock,
  retentionDays: number = DELIVERY_RETENTION_DAYS,
): Promise<DeliveryPurgeCounts> {
  return store.delivery.purge(clock.now() - retentionDays * DAY_MS);
}

/**
 * Master-key rotation for the outbound side: re-seals every application and endpoint credential that is
 * sealed under an older key with the current one (as `resealSecrets` does for connections). Part of the
 * explicit reseal step (`POST /api/v1/maintenance/reseal`); returns how many versions were re-sealed.
 */
export function resealDeliverySecrets(
  store: { readonly delivery: Pick<DeliveryStore, 'allSecrets' | 'updateSecretMaterial'> },
  box: Pick<SecretBox, 'seal' | 'open' | 'isCurrent'>,
): Promise<number> {
  return resealVersions(store.delivery, box);
}
