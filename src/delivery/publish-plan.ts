import { v7 as uuidv7 } from 'uuid';
import type { EndpointRecord, LeasedDelivery, MessageRecord, NewDelivery } from '../store/index.ts';
import type { LocalDispatch } from './worker/worker-options.ts';

/** A delivery id: `dlv_` + a UUIDv7 without dashes. */
export function newDeliveryId(): string {
  return `dlv_${uuidv7().replaceAll('-', '')}`;
}

/**
 * The deliveries of a publish: one per target endpoint. A disabled endpoint's is a DEAD_LETTER at once
 * (recoverable); the others are PENDING, leased for their first attempt by the local worker when it has
 * room (so no separate lease transaction stands between the publish commit and the request).
 */
export function planDeliveries(
  endpoints: readonly EndpointRecord[],
  local: LocalDispatch | undefined,
): NewDelivery[] {
  return endpoints.map((endpoint) => {
    const id = newDeliveryId();
    if (!endpoint.enabled) {
      return { id, endpointId: endpoint.id, state: 'DEAD_LETTER', lastError: 'endpoint disabled' } as const;
    }
    const lease = local?.reserve(endpoint) ?? null;
    return {
      id,
      endpointId: endpoint.id,
      state: 'PENDING',
      lastError: null,
      ...(lease !== null && { lease }),
    } as const;
  });
}

/** The committed deliveries that were leased at enqueue, as the worker receives leased jobs. */
export function leasedOf(
  message: MessageRecord,
  deliveries: readonly NewDelivery[],
  endpoints: readonly EndpointRecord[],
): LeasedDelivery[] {
  const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const leased: LeasedDelivery[] = [];
  for (const delivery of deliveries) {
    const endpoint = byId.get(delivery.endpointId);
    if (delivery.lease === undefined || endpoint === undefined) continue;
    leased.push({
      leaseToken: delivery.lease.token,
      message,
      endpoint,
      delivery: {
        id: delivery.id,
        messageId: message.id,
        endpointId: endpoint.id,
        applicationId: message.applicationId,
        state: 'PENDING',
        attempts: 1,
        scheduleBase: 0,
        dueAt: delivery.lease.until,
        lastStatus: null,
        lastError: null,
        createdAt: message.createdAt,
        updatedAt: message.createdAt,
      },
    });
  }
  return leased;
}
