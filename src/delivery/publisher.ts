import type { Clock } from '../core/index.ts';
import { newId } from '../core/index.ts';
import { failure } from '../errors/index.ts';
import type {
  EndpointRecord,
  EndpointRepository,
  EnqueueResult,
  MessageRecord,
  MessageRepository,
} from '../store/index.ts';

/** What publishing uses of the store: the target endpoints, and the queue a message is committed to. */
export interface PublisherStore {
  readonly delivery: Pick<MessageRepository, 'enqueue'> & {
    readonly endpoints: Pick<EndpointRepository, 'getEndpoint' | 'endpointsOf'>;
  };
}

import type { MessagePublisher, PublishInput } from './message-publisher.ts';
import { leasedOf, planDeliveries } from './publish-plan.ts';
import type { LocalDispatch } from './worker/worker-options.ts';

/** Largest accepted `data`, as JSON (256 KB). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Options of {@link createMessagePublisher}. */
export interface PublisherOptions {
  readonly store: PublisherStore;
  readonly clock: Clock;
  /** Called after a message with queued (not handed-over) deliveries is committed: wakes a worker. */
  readonly onQueued?: () => void;
  /** The running local worker: first attempts are leased in the publish transaction and handed over. */
  readonly local?: LocalDispatch;
  readonly maxMessageBytes?: number;
}

/** True when an endpoint subscribed to `type`: no list = all; `*`; exact; or a `prefix.*` pattern. */
export function subscribes(endpoint: EndpointRecord, type: string): boolean {
  if (endpoint.eventTypes === null) return true;
  return endpoint.eventTypes.some(
    (pattern) =>
      pattern === '*' ||
      pattern === type ||
      (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}

function validType(type: string): boolean {
  return type.length >= 1 && type.length <= 256 && !/\p{Cc}/u.test(type);
}

/** The endpoints a publish goes to, or why there is no target. */
async function targets(store: PublisherStore, input: PublishInput) {
  if (input.endpointId !== undefined) {
    const endpoint = await store.delivery.endpoints.getEndpoint(input.endpointId);
    if (
      endpoint === null ||
      (input.applicationId !== undefined && endpoint.applicationId !== input.applicationId)
    ) {
      return failure('NOT_FOUND', `No endpoint ${input.endpointId}`);
    }
    return { applicationId: endpoint.applicationId, endpoints: [endpoint] };
  }
  if (input.applicationId === undefined)
    return failure('VALIDATION_ERROR', 'applicationId or endpointId is required');
  const endpoints = await store.delivery.endpoints.endpointsOf(input.applicationId);
  if (endpoints === null) return failure('NOT_FOUND', `No application ${input.applicationId}`);
  return {
    applicationId: input.applicationId,
    endpoints: endpoints.filter((endpoint) => endpoint.enabled && subscribes(endpoint, input.type)),
  };
}

/**
 * Creates the publisher behind `POST /api/v1/messages` and the flows' deliver action. To an application:
 * one delivery per enabled endpoint subscribed to the type. To one endpoint (flows): that endpoint even
 * when unsubscribed; when it is disabled the delivery is recorded as DEAD_LETTER (recoverable). The
 * message and its deliveries are committed before the result is returned.
 */
export function createMessagePublisher(options: PublisherOptions): MessagePublisher {
  const { store, clock } = options;
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  return {
    async publish(input) {
      if (!validType(input.type))
        return failure('VALIDATION_ERROR', 'type must be 1–256 characters without control characters');
      const payload = input.data === undefined ? undefined : JSON.stringify(input.data);
      if (payload === undefined) return failure('VALIDATION_ERROR', 'data must be a JSON value');
      const key = input.idempotencyKey;
      if (key !== undefined && (key.length < 1 || key.length > 256)) {
        return failure('VALIDATION_ERROR', 'idempotencyKey must be 1–256 characters');
      }
      if (Buffer.byteLength(payload) > maxBytes)
        return failure('PAYLOAD_TOO_LARGE', `data is larger than ${maxBytes} bytes`);
      const target = await targets(store, input);
      if ('ok' in target) return target;
      const message: MessageRecord = {
        id: newId('msg'),
        eventId: newId('evt'),
        applicationId: target.applicationId,
        type: input.type,
        payload,
        idempotencyKey: input.idempotencyKey ?? null,
        connectionId: input.connectionId ?? null,
        sourceEventId: input.sourceEventId ?? null,
        createdAt: clock.now(),
      };
      const deliveries = planDeliveries(target.endpoints, options.local);
      const cancelAll = (): void => {
        for (const delivery of deliveries)
          if (delivery.lease !== undefined) options.local?.cancel(delivery.lease.token);
      };
      let result: EnqueueResult;
      try {
        result = await store.delivery.enqueue(message, deliveries);
      } catch (error) {
        cancelAll();
        throw error;
      }
      if (result.status === 'duplicate') cancelAll();
      else {
        options.local?.handoff(leasedOf(message, deliveries, target.endpoints));
        if (deliveries.some((delivery) => delivery.state === 'PENDING' && delivery.lease === undefined)) {
          options.onQueued?.();
        }
      }
      return { ok: true, messageId: result.messageId, duplicate: result.status === 'duplicate' };
    },
  };
}
