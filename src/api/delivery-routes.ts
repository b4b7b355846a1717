import type { FastifyInstance } from 'fastify';
import { deliveryApplicationRoutes } from './delivery-application-routes.ts';
import { deliveryEndpointRoutes } from './delivery-endpoint-routes.ts';
import { deliveryMessageRoutes } from './delivery-message-routes.ts';
import { deliveryRecoveryRoutes } from './delivery-recovery-routes.ts';
import type { DeliveryRouteContext, DeliveryRouteDeps } from './delivery-route-deps.ts';
import { signingStyleRoutes } from './signing-style-routes.ts';

/**
 * Registers the outbound delivery admin API (applications, endpoints, messages, attempts, replay and
 * recovery) on `app`, which must already require the admin token and use the zod compilers. See
 * docs/delivery.md for the paths.
 */
export async function deliveryRoutes(app: FastifyInstance, deps: DeliveryRouteDeps): Promise<void> {
  const { store, clock, services } = deps;
  const queued = (): void => deps.onQueued?.();
  const context: DeliveryRouteContext = {
    store,
    clock,
    applications: services.applications,
    endpoints: services.endpoints,
    publisher: services.publisher,
    queued,
    rotationReminderDays: deps.rotationReminderDays,
  };
  await deliveryApplicationRoutes(app, context);
  await deliveryEndpointRoutes(app, context);
  await deliveryRecoveryRoutes(app, context);
  await deliveryMessageRoutes(app, context);
  await signingStyleRoutes(app);
}
