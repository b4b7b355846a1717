import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { failure, statusOf } from '../errors/index.ts';
import { type DeliveryRouteContext, deliveryErrors } from './delivery-route-deps.ts';
import {
  attemptQuery,
  attemptSchema,
  deliverySchema,
  messageDetailSchema,
  messageQuery,
  messageSchema,
  publishBody,
  publishResponse,
} from './delivery-schemas.ts';
import { attemptView, deliveryView, messageView } from './delivery-views.ts';
import { sendError } from './http-errors.ts';
import { errorSchema, idParams, listOf } from './schemas.ts';

const tags = ['messages'];
const errors = { ...deliveryErrors, 413: errorSchema };

/**
 * `/api/v1/messages`: publish (202 once queued; 200 with `duplicate: true` for a used idempotency key),
 * list, show with its deliveries, list/filter attempts, replay one delivery.
 */
export async function deliveryMessageRoutes(
  app: FastifyInstance,
  context: DeliveryRouteContext,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, publisher, clock } = context;

  api.post(
    '/api/v1/messages',
    {
      schema: {
        operationId: 'publishMessage',
        summary: 'Publish a message to the matching endpoints of an application',
        tags,
        body: publishBody,
        response: { 200: publishResponse, 202: publishResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { idempotencyKey, ...rest } = request.body;
      const published = await publisher.publish({
        ...rest,
        ...(idempotencyKey !== undefined && { idempotencyKey }),
      });
      if (!published.ok)
        return reply
          .status(statusOf(published.code))
          .send({ error: published.code, message: published.message });
      const message = await store.delivery.getMessage(published.messageId);
      if (message === null)
        return sendError(reply, failure('NOT_FOUND', `No message ${published.messageId}`));
      return reply
        .status(published.duplicate ? 200 : 202)
        .send({ message: messageView(message), duplicate: published.duplicate });
    },
  );

  api.get(
    '/api/v1/messages',
    {
      schema: {
        operationId: 'listMessages',
        summary: 'List messages, newest first',
        tags,
        querystring: messageQuery,
        response: { 200: listOf(messageSchema), ...errors },
      },
    },
    async (request) => {
      const page = await store.delivery.listMessages(request.query);
      return { items: page.items.map(messageView), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/messages/:id',
    {
      schema: {
        operationId: 'getMessage',
        summary: 'Show a message',
        tags,
        params: idParams,
        response: { 200: messageDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const message = await store.delivery.getMessage(request.params.id);
      if (message === null) return sendError(reply, failure('NOT_FOUND', `No message ${request.params.id}`));
      const deliveries = await store.delivery.deliveriesOf(message.id);
      return { ...messageView(message), deliveries: deliveries.map(deliveryView) };
    },
  );

  api.get(
    '/api/v1/messages/:id/attempts',
    {
      schema: {
        operationId: 'listMessageAttempts',
        summary: "List a message's delivery attempts",
        tags,
        params: idParams,
        querystring: attemptQuery,
        response: { 200: listOf(attemptSchema), ...errors },
      },
    },
    async (request, reply) => {
      if ((await store.delivery.getMessage(request.params.id)) === null) {
        return sendError(reply, failure('NOT_FOUND', `No message ${request.params.id}`));
      }
      const page = await store.delivery.listAttempts({ ...request.query, messageId: request.params.id });
      return { items: page.items.map(attemptView), nextCursor: page.nextCursor };
    },
  );

  api.post(
    '/api/v1/messages/:id/endpoints/:endpointId/replay',
    {
      schema: {
        operationId: 'replayMessage',
        summary: 'Deliver a message to an endpoint again',
        tags,
        params: z.object({ id: z.string().min(1).max(100), endpointId: z.string().min(1).max(100) }),
        response: { 202: deliverySchema, ...errors },
      },
    },
    async (request, reply) => {
      const replayed = await store.delivery.replayDelivery(
        request.params.id,
        request.params.endpointId,
        clock.now(),
      );
      if (replayed === null) {
        return sendError(
          reply,
          failure(
            'NOT_FOUND',
            `Message ${request.params.id} has no delivery to ${request.params.endpointId}`,
          ),
        );
      }
      context.queued();
      return reply.status(202).send(deliveryView(replayed));
    },
  );
}
