import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { failure } from '../errors/result.ts';
import type { Store } from '../store/types.ts';
import type { ConnectionService } from './connection-service.ts';
import { sendError } from './http-errors.ts';
import {
  connectionSchema,
  connectionWithSecretSchema,
  createConnectionBody,
  errorSchema,
  idParams,
  listOf,
  pageQuery,
  patchConnectionBody,
  rotateBody,
} from './schemas.ts';
import { baseUrlOf, connectionView } from './views.ts';

const tags = ['connections'];
const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/** `/api/v1/connections`: create, list, show, patch, delete, rotate. */
export async function connectionRoutes(
  app: FastifyInstance,
  deps: { store: Store; connections: ConnectionService; publicUrl: string | undefined },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, connections } = deps;

  api.post(
    '/api/v1/connections',
    {
      schema: { tags, body: createConnectionBody, response: { 201: connectionWithSecretSchema, ...errors } },
    },
    async (request, reply) => {
      const created = await connections.create(request.body);
      if (!created.ok) return sendError(reply, created);
      const connection = connectionView(created.value.connection, baseUrlOf(request, deps.publicUrl));
      return reply
        .status(201)
        .send(created.value.secret ? { connection, secret: created.value.secret } : { connection });
    },
  );

  api.get(
    '/api/v1/connections',
    { schema: { tags, querystring: pageQuery, response: { 200: listOf(connectionSchema), ...errors } } },
    async (request) => {
      const page = await store.listConnections(request.query);
      const base = baseUrlOf(request, deps.publicUrl);
      return { items: page.items.map((c) => connectionView(c, base)), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/connections/:id',
    { schema: { tags, params: idParams, response: { 200: connectionSchema, ...errors } } },
    async (request, reply) => {
      const connection = await store.getConnection(request.params.id);
      if (!connection) return sendError(reply, failure('NOT_FOUND', `No connection ${request.params.id}`));
      return connectionView(connection, baseUrlOf(request, deps.publicUrl));
    },
  );

  api.patch(
    '/api/v1/connections/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: patchConnectionBody,
        response: { 200: connectionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const updated = await connections.update(request.params.id, request.body);
      if (!updated.ok) return sendError(reply, updated);
      return connectionView(updated.value, baseUrlOf(request, deps.publicUrl));
    },
  );

  api.delete(
    '/api/v1/connections/:id',
    { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const deleted = await connections.remove(request.params.id);
      if (!deleted) return sendError(reply, failure('NOT_FOUND', `No connection ${request.params.id}`));
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/api/v1/connections/:id/rotate',
    {
      schema: {
        tags,
        params: idParams,
        body: rotateBody,
        response: { 200: connectionWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const rotated = await connections.rotate(request.params.id, request.body ?? {});
      if (!rotated.ok) return sendError(reply, rotated);
      const connection = connectionView(rotated.value.connection, baseUrlOf(request, deps.publicUrl));
      return rotated.value.secret ? { connection, secret: rotated.value.secret } : { connection };
    },
  );
}
