import type { Clock } from '../core/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import {
  type ApplicationService,
  type ApplicationServiceDeps,
  createApplicationService,
} from './admin/application-service.ts';
import {
  createEndpointService,
  type EndpointService,
  type EndpointServiceDeps,
} from './admin/endpoint-service.ts';
import type { MessagePublisher } from './message-publisher.ts';
import { createMessagePublisher, type PublisherStore } from './publisher.ts';
import type { DestinationGuard } from './ssrf/destination-guard.ts';

/** The admin services of the outbound side: applications, endpoints, and the publisher. */
export interface DeliveryServices {
  readonly applications: ApplicationService;
  readonly endpoints: EndpointService;
  readonly publisher: MessagePublisher;
}

/** What the outbound services are built from. */
export interface DeliveryServiceDeps {
  readonly store: ApplicationServiceDeps['store'] & EndpointServiceDeps['store'] & PublisherStore;
  readonly clock: Clock;
  readonly secretBox: Pick<SecretBox, 'seal'>;
  /** Checks endpoint URLs (the SSRF guard). */
  readonly guard: DestinationGuard;
  /** The publisher to share (the background workers' one, handing first attempts to the local worker). */
  readonly publisher?: MessagePublisher;
  /** Without `publisher`: called after a publish queued deliveries (wakes a worker). */
  readonly onQueued?: () => void;
}

/**
 * Builds the outbound admin services, for the gateway's composition root (`compose-gateway.ts`) and for
 * tests that exercise them without the HTTP app.
 */
export function createDeliveryServices(deps: DeliveryServiceDeps): DeliveryServices {
  const { store, clock, secretBox, guard } = deps;
  return {
    applications: createApplicationService({ store, clock, secretBox }),
    endpoints: createEndpointService({ store, clock, secretBox, guard }),
    publisher:
      deps.publisher ??
      createMessagePublisher({
        store,
        clock,
        ...(deps.onQueued !== undefined && { onQueued: deps.onQueued }),
      }),
  };
}
