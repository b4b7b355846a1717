import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/index.ts';
import {
  type ProcessingConnectionStore,
  processingConnectionRoutes,
} from './processing-connection-routes.ts';
import { type ContactRouteStore, processingContactRoutes } from './processing-contact-routes.ts';
import { type FlowRouteStore, processingFlowRoutes } from './processing-flow-routes.ts';

/** What the processing admin routes need. */
export interface ProcessingRouteDeps {
  readonly store: ProcessingConnectionStore & ContactRouteStore & FlowRouteStore;
  readonly clock: Clock;
}

/**
 * Every admin route of the inbound processing (docs/processing.md). Register it inside the admin-token scope of
 * build-app, beside `connectionRoutes`:
 *
 * Per connection (the connection must exist, else 404):
 * - `GET|PUT /api/v1/connections/{id}/processing`: the identifier mapping
 *   `{ type: chat_id|phone|channel_user_id|email, path: JSONPath, defaultCountry? }` (or null) and
 *   `onUnknownContact` (`skip` | `create`);
 * - `POST /api/v1/connections/{id}/capture` arms "capture next sample" (202), `DELETE` cancels it;
 * - `GET /api/v1/connections/{id}/schema` → `{ sample, schema, paths, capturing, eventId, capturedAt }`.
 *
 * Contacts: `POST|GET /api/v1/contacts` (list filters `chatId`, `phone`, `channelUserId`, `email`, matched
 * normalized), `GET|PATCH|DELETE /api/v1/contacts/{id}`, `POST /api/v1/contacts/import` (up to 5000 rows).
 *
 * Flows: `POST|GET /api/v1/flows` (list filter `connectionId`), `GET|PATCH|DELETE /api/v1/flows/{id}`,
 * `GET /api/v1/flows/{id}/runs` (filter `status`), `GET /api/v1/flows/{id}/runs/{runId}`.
 */
export async function processingRoutes(app: FastifyInstance, deps: ProcessingRouteDeps): Promise<void> {
  await processingConnectionRoutes(app, deps);
  await processingContactRoutes(app, deps);
  await processingFlowRoutes(app, deps);
}
