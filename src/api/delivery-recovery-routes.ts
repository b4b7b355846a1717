import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { failure } from '../errors/index.ts';
import { type DeliveryRouteContext, deliveryErrors, epochOf } from './delivery-route-deps.ts';
import {
  attemptQuery,
  attemptSchema,
  deliveryQuery,
  deliverySchema,
  endpointParams,
  endpointSchema,
  recoverBody,
  replayFailedBody,
  requeuedSchema,
} from './delivery-schemas.ts';
import { attemptView, deliveryView, endpointView } from './delivery-views.ts';
import { sendError } from './http-errors.ts';
import { errorSchema, listOf } from './schemas.ts';

const tags = ['endpoints'];
const errors = { ...deliveryErrors, 409: errorSchema };

/**
 * An endpoint's delivery log and recovery: list its deliveries and attempts, bulk-replay its failed
 * deliveries since a time, recover it after it was disabled (410 Gone) or dead-lettered.
 */
export async function deliveryRecoveryRoutes(
  app: FastifyInstance,
  context: DeliveryRouteContext,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, endpoints, clock } = context;
  const base = '/api/v1/applications/:id/endpoints/:endpointId';

  api.get(
    `${base}/deliveries`,
    {
      schema: {
        operationId: 'listEndpointDeliveries',
        summary: "List an endpoint's deliveries",
        tags,
        params: endpointParams,
        querystring: deliveryQuery,
        response: { 200: listOf(deliverySchema), ...errors },
      },
    },
    async (request, reply) => {
      const found = await endpoints.owned(request.params.id, request.params.endpointId);
      if (!found.ok) return sendError(reply, found);
      const page = await store.delivery.listEndpointDeliveries({
        ...request.query,
        endpointId: found.value.id,
      });
      return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
    },
  );

  api.get(
    `${base}/attempts`,
    {
      schema: {
        operationId: 'listEndpointAttempts',
        summary: "List an endpoint's delivery attempts",
        tags,
        params: endpointParams,
        querystring: attemptQuery.omit({ endpointId: true }),
        response: { 200: listOf(attemptSchema), ...errors },
      },
    },
    async (request, reply) => {
      const found = await endpoints.owned(request.params.id, request.params.endpointId);
      if (!found.ok) return sendError(reply, found);
      const page = await store.delivery.listAttempts({ ...request.query, endpointId: found.value.id });
      return { items: page.items.map(attemptView), nextCursor: page.nextCursor };
    },
  );

  api.post(
    `${base}/replay-failed`,
    {
      schema: {
        operationId: 'replayFailedDeliveries',
        summary: "Queue an endpoint's failed deliveries again",
        tags,
        params: endpointParams,
        body: replayFailedBody,
        response: { 202: requeuedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await endpoints.owned(request.params.id, request.params.endpointId);
      if (!found.ok) return sendError(reply, found);
      if (!found.value.enabled) {
        return sendError(reply, failure('CONFLICT', 'the endpoint is disabled; recover it instead'));
      }
      const since = epochOf(request.body.since, 0);
      const requeued = await store.delivery.replayFailed(found.value.id, since, clock.now());
      if (requeued > 0) context.queued();
      return reply.status(202).send({ requeued });
    },
  );

  api.post(
    `${base}/recover`,
    {
      schema: {
        operationId: 'recoverEndpoint',
        summary: 'Re-enable an endpoint and queue its dead letters again',
        tags,
        params: endpointParams,
        body: recoverBody,
        response: { 202: requeuedSchema.extend({ endpoint: endpointSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const found = await endpoints.owned(request.params.id, request.params.endpointId);
      if (!found.ok) return sendError(reply, found);
      const since = epochOf(request.body?.since, 0);
      const requeued = (await store.delivery.recoverEndpoint(found.value.id, since, clock.now())) ?? 0;
      const endpoint = await store.delivery.endpoints.getEndpoint(found.value.id);
      if (endpoint === null) return sendError(reply, failure('NOT_FOUND', `No endpoint ${found.value.id}`));
      if (requeued > 0) context.queued();
      return reply.status(202).send({ requeued, endpoint: endpointView(endpoint) });
    },
  );
}
