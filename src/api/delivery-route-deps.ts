import type { Clock } from '../core/index.ts';
import type {
  ApplicationService,
  DeliveryServices,
  EndpointService,
  MessagePublisher,
} from '../delivery/index.ts';
import type {
  ApplicationRepository,
  DeliveryQueueRepository,
  DeliverySecretRepository,
  EndpointRepository,
  MessageRepository,
} from '../store/index.ts';
import { errorSchema } from './schemas.ts';

/** What the delivery route files read (changes go through the services): listings, messages, replays. */
export interface DeliveryRouteStore {
  readonly delivery: {
    readonly applications: Pick<ApplicationRepository, 'getApplication' | 'listApplications'>;
    readonly endpoints: Pick<EndpointRepository, 'getEndpoint' | 'listEndpoints'>;
  } & Pick<DeliverySecretRepository, 'activeSecrets'> &
    Pick<
      MessageRepository,
      'getMessage' | 'listMessages' | 'deliveriesOf' | 'listEndpointDeliveries' | 'listAttempts'
    > &
    Pick<DeliveryQueueRepository, 'replayDelivery' | 'replayFailed' | 'recoverEndpoint'>;
}

/** What `deliveryRoutes` is given. */
export interface DeliveryRouteDeps {
  readonly store: DeliveryRouteStore;
  readonly clock: Clock;
  /** The outbound services, built by the composition root (`createDeliveryServices`). */
  readonly services: DeliveryServices;
  /** Wakes the local delivery worker after something was queued (publish, replay, recover). */
  readonly onQueued?: () => void;
  /** Days after an application secret was created that its rotation is due. */
  readonly rotationReminderDays: number;
}

/** The services the delivery route files share. */
export interface DeliveryRouteContext {
  readonly store: DeliveryRouteStore;
  readonly clock: Clock;
  readonly applications: ApplicationService;
  readonly endpoints: EndpointService;
  readonly publisher: MessagePublisher;
  readonly queued: () => void;
  readonly rotationReminderDays: number;
}

/** Error responses every delivery route may give. */
export const deliveryErrors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/** Parses an ISO time of a request body to epoch ms. */
export function epochOf(isoTime: string | undefined, fallback: number): number {
  return isoTime === undefined ? fallback : Date.parse(isoTime);
}
