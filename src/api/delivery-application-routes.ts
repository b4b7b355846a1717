import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { failure } from '../errors/result.ts';
import { type DeliveryRouteContext, deliveryErrors as errors } from './delivery-route-deps.ts';
import {
  applicationSchema,
  applicationWithSecretSchema,
  createApplicationBody,
  patchApplicationBody,
  rotateDeliverySecretBody,
} from './delivery-schemas.ts';
import { applicationView } from './delivery-views.ts';
import { sendError } from './http-errors.ts';
import { idParams, listOf, pageQuery } from './schemas.ts';

const tags = ['applications'];

/** `/api/v1/applications`: create (secret shown once), list, show, rename, delete, rotate the secret. */
export async function deliveryApplicationRoutes(
  app: FastifyInstance,
  context: DeliveryRouteContext,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, applications } = context;

  api.post(
    '/api/v1/applications',
    {
      schema: {
        tags,
        body: createApplicationBody,
        response: { 201: applicationWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await applications.create(request.body);
      if (!created.ok) return sendError(reply, created);
      return reply
        .status(201)
        .send({ application: applicationView(created.value.record), secret: created.value.secret });
    },
  );

  api.get(
    '/api/v1/applications',
    { schema: { tags, querystring: pageQuery, response: { 200: listOf(applicationSchema), ...errors } } },
    async (request) => {
      const page = await store.delivery.listApplications(request.query);
      return { items: page.items.map(applicationView), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/applications/:id',
    { schema: { tags, params: idParams, response: { 200: applicationSchema, ...errors } } },
    async (request, reply) => {
      const found = await store.delivery.getApplication(request.params.id);
      if (found === null)
        return sendError(reply, failure('NOT_FOUND', `No application ${request.params.id}`));
      return applicationView(found);
    },
  );

  api.patch(
    '/api/v1/applications/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: patchApplicationBody,
        response: { 200: applicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const updated = await applications.update(request.params.id, request.body);
      if (!updated.ok) return sendError(reply, updated);
      return applicationView(updated.value);
    },
  );

  api.delete(
    '/api/v1/applications/:id',
    { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      if (!(await applications.remove(request.params.id))) {
        return sendError(reply, failure('NOT_FOUND', `No application ${request.params.id}`));
      }
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/api/v1/applications/:id/rotate',
    {
      schema: {
        tags,
        params: idParams,
        body: rotateDeliverySecretBody,
        response: { 200: applicationWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const rotated = await applications.rotate(request.params.id, request.body ?? {});
      if (!rotated.ok) return sendError(reply, rotated);
      return { application: applicationView(rotated.value.record), secret: rotated.value.secret };
    },
  );
}
