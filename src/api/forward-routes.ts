import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { failure } from '../errors/index.ts';
import type { ForwardService } from '../forward/index.ts';
import type { ForwardStore, InboundLogRepository } from '../store/index.ts';
import { eventIdParams, forwardAttemptSchema, queuedSchema, redeliverManyBody } from './forward-schemas.ts';
import { sendError } from './http-errors.ts';
import { errorSchema, idParams, listOf, pageQuery } from './schemas.ts';

const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/**
 * Forwarding: an event's attempts, redelivering one event, and redelivering a connection's failed
 * forwards. Settings and the secret are part of the connection routes.
 */
export async function forwardRoutes(
  app: FastifyInstance,
  deps: {
    store: Pick<InboundLogRepository, 'getEvent'> & { readonly forward: Pick<ForwardStore, 'listAttempts'> };
    forwarding: ForwardService;
  },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, forwarding } = deps;

  api.get(
    '/api/v1/events/:eventId/attempts',
    {
      schema: {
        operationId: 'listForwardAttempts',
        summary: "An event's forward attempts, newest first",
        tags: ['forwarding'],
        params: eventIdParams,
        querystring: pageQuery,
        response: { 200: listOf(forwardAttemptSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { eventId } = request.params;
      const event = await store.getEvent(eventId);
      if (!event) return sendError(reply, failure('NOT_FOUND', `No event ${eventId}`));
      const page = await store.forward.listAttempts(eventId, request.query);
      return {
        items: page.items.map((a) => ({
          attempt: a.attempt,
          status: a.status,
          statusCode: a.statusCode,
          durationMs: a.durationMs,
          responsePreview: a.responsePreview,
          error: a.error,
          at: new Date(a.createdAt).toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  api.post(
    '/api/v1/events/:eventId/redeliver',
    {
      schema: {
        operationId: 'redeliverEvent',
        summary: 'Forward one event again now (same webhook-id)',
        tags: ['forwarding'],
        params: eventIdParams,
        response: { 202: queuedSchema, ...errors, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const queued = await forwarding.redeliver(request.params.eventId);
      if (!queued.ok) return sendError(reply, queued);
      return reply.status(202).send(queued.value);
    },
  );

  api.post(
    '/api/v1/connections/:id/redeliver',
    {
      schema: {
        operationId: 'redeliverConnectionEvents',
        summary: "Forward a connection's failed (or all) events again",
        tags: ['forwarding'],
        params: idParams,
        body: redeliverManyBody,
        response: { 202: queuedSchema, ...errors, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body ?? { status: 'failed' as const };
      const queued = await forwarding.redeliverMany({
        connectionId: request.params.id,
        status: body.status,
        since: body.since === undefined ? undefined : Date.parse(body.since),
        until: body.until === undefined ? undefined : Date.parse(body.until),
      });
      if (!queued.ok) return sendError(reply, queued);
      return reply.status(202).send(queued.value);
    },
  );
}
