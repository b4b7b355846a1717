import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { failure } from '../errors/index.ts';
import { type DeliveryRouteContext, deliveryErrors } from './delivery-route-deps.ts';
import {
  createEndpointBody,
  endpointParams,
  endpointSchema,
  endpointWithSecretSchema,
  patchEndpointBody,
  rotateDeliverySecretBody,
} from './delivery-schemas.ts';
import { endpointView } from './delivery-views.ts';
import { sendError } from './http-errors.ts';
import { errorSchema, idParams, listOf, pageQuery } from './schemas.ts';

const tags = ['endpoints'];
const errors = { ...deliveryErrors, 422: errorSchema };

/** The `{ endpoint, secret? }` answer of create, update and rotate. */
function withSecret(value: { record: Parameters<typeof endpointView>[0]; secret?: string }) {
  return {
    endpoint: endpointView(value.record),
    ...(value.secret !== undefined && { secret: value.secret }),
  };
}

/**
 * `/api/v1/applications/{id}/endpoints`: create (422 DESTINATION_NOT_ALLOWED for refused URLs), list,
 * show, patch, delete, rotate the endpoint's own credential.
 */
export async function deliveryEndpointRoutes(
  app: FastifyInstance,
  context: DeliveryRouteContext,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, endpoints } = context;
  const base = '/api/v1/applications/:id/endpoints';

  api.post(
    base,
    {
      schema: {
        operationId: 'createEndpoint',
        summary: 'Add an endpoint to an application',
        tags,
        params: idParams,
        body: createEndpointBody,
        response: { 201: endpointWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await endpoints.create(request.params.id, request.body);
      if (!created.ok) return sendError(reply, created);
      return reply.status(201).send(withSecret(created.value));
    },
  );

  api.get(
    base,
    {
      schema: {
        operationId: 'listEndpoints',
        summary: "List an application's endpoints",
        tags,
        params: idParams,
        querystring: pageQuery,
        response: { 200: listOf(endpointSchema), ...errors },
      },
    },
    async (request, reply) => {
      if ((await store.delivery.applications.getApplication(request.params.id)) === null) {
        return sendError(reply, failure('NOT_FOUND', `No application ${request.params.id}`));
      }
      const page = await store.delivery.endpoints.listEndpoints(request.params.id, request.query);
      return { items: page.items.map(endpointView), nextCursor: page.nextCursor };
    },
  );

  api.get(
    `${base}/:endpointId`,
    {
      schema: {
        operationId: 'getEndpoint',
        summary: 'Show an endpoint',
        tags,
        params: endpointParams,
        response: { 200: endpointSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await endpoints.owned(request.params.id, request.params.endpointId);
      if (!found.ok) return sendError(reply, found);
      return endpointView(found.value);
    },
  );

  api.patch(
    `${base}/:endpointId`,
    {
      schema: {
        operationId: 'updateEndpoint',
        summary: 'Change an endpoint',
        tags,
        params: endpointParams,
        body: patchEndpointBody,
        response: { 200: endpointWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const updated = await endpoints.update(request.params.id, request.params.endpointId, request.body);
      if (!updated.ok) return sendError(reply, updated);
      return withSecret(updated.value);
    },
  );

  api.delete(
    `${base}/:endpointId`,
    {
      schema: {
        operationId: 'deleteEndpoint',
        summary: 'Delete an endpoint',
        tags,
        params: endpointParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const removed = await endpoints.remove(request.params.id, request.params.endpointId);
      if (!removed.ok) return sendError(reply, removed);
      return reply.status(204).send(null);
    },
  );

  api.post(
    `${base}/:endpointId/rotate`,
    {
      schema: {
        operationId: 'rotateEndpointSecret',
        summary: "Rotate an endpoint's own signing secret",
        tags,
        params: endpointParams,
        body: rotateDeliverySecretBody,
        response: { 200: endpointWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const rotated = await endpoints.rotate(
        request.params.id,
        request.params.endpointId,
        request.body ?? {},
      );
      if (!rotated.ok) return sendError(reply, rotated);
      return withSecret(rotated.value);
    },
  );
}
