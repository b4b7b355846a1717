import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/index.ts';
import { failure } from '../errors/index.ts';
import type { ForwardService } from '../forward/index.ts';
import {
  type ForwardDefaults,
  forwardInputSchema,
  forwardView,
  forwardViewSchema,
} from '../forward/index.ts';
import type { ConnectionRecord, ConnectionRepository, ConnectionSecretRepository } from '../store/index.ts';
import { type IdentifierStore, identifierView, saveConnectionIdentifier } from './connection-identifier.ts';
import type { ConnectionService } from './connection-service.ts';
import { sendError } from './http-errors.ts';
import { connectionIdentifierFields, connectionIdentifierView } from './processing-schemas.ts';
import {
  connectionSchema,
  createConnectionBody,
  errorSchema,
  graceSecondsSchema,
  idParams,
  listOf,
  pageQuery,
  patchConnectionBody,
  rotateBody,
} from './schemas.ts';
import { secretAgeView } from './secret-age.ts';
import { applyTemplate } from './sender-templates.ts';
import { baseUrlOf, connectionView } from './views.ts';

const tags = ['connections'];
const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/** A connection with its contact identifier mapping (kept in its processing settings) and forwarding. */
const connectionOut = connectionSchema
  .extend(connectionIdentifierView)
  .extend({
    forward: forwardViewSchema.nullable().describe('Where accepted events are forwarded; null = not'),
  })
  .meta({ id: 'Connection' });
const forwardSecretOut = z
  .string()
  .describe(
    'whsec_… secret that signs the forwards; present only when forwarding was just turned on, shown once',
  );
const withSecretOut = z.object({
  connection: connectionOut,
  secret: z.string().optional().describe('Present only when hookgate generated the secret; shown once'),
  forwardSecret: forwardSecretOut.optional(),
});
const forwardField = {
  forward: forwardInputSchema
    .nullable()
    .optional()
    .describe('Forward accepted events to this URL; null turns it off'),
};
const createBody = createConnectionBody
  .extend(connectionIdentifierFields)
  .extend(forwardField)
  .meta({ examples: [{ name: 'Partner orders', auth: { mode: 'shared_secret' } }] });
const listQuery = pageQuery.extend({
  rotationDue: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only connections whose secret rotation is due now'),
});
const patchBody = patchConnectionBody.extend(connectionIdentifierFields).extend(forwardField);
const patchedOut = connectionOut.extend({ forwardSecret: forwardSecretOut.optional() });
const forwardRotateBody = z
  .object({
    graceSeconds: graceSecondsSchema
      .optional()
      .describe('How long the old secret keeps signing too (both signatures are sent)'),
  })
  .default({});

/** `/api/v1/connections`: create, list, show, patch, delete, rotate. */
export async function connectionRoutes(
  app: FastifyInstance,
  deps: {
    /** Reads connections and their active credentials (changes go through `connections`). */
    store: Pick<ConnectionRepository, 'getConnection' | 'listConnections'> &
      Pick<ConnectionSecretRepository, 'activeSecrets'> &
      IdentifierStore;
    clock: Clock;
    connections: ConnectionService;
    forwarding: ForwardService;
    forwardDefaults: ForwardDefaults;
    publicUrl: string | undefined;
    /** The gateway's default secret-rotation reminder, in days. */
    rotationReminderDays: number;
  },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, connections } = deps;
  const view = async (record: ConnectionRecord, request: FastifyRequest) => ({
    ...connectionView(record, baseUrlOf(request, deps.publicUrl)),
    ...(await identifierView(store, record.id)),
    ...secretAgeView(
      await store.activeSecrets(record.id, deps.clock.now()),
      record.rotationReminderDays ?? deps.rotationReminderDays,
    ),
    forward: forwardView(record.forward, deps.forwardDefaults),
  });
  const missing = (id: string) => failure('NOT_FOUND', `No connection ${id}`);

  api.post(
    '/api/v1/connections',
    {
      schema: {
        operationId: 'createConnection',
        summary: 'Create a connection (its generated secret is shown once)',
        tags,
        body: createBody,
        response: { 201: withSecretOut, ...errors, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const input = applyTemplate(request.body);
      if (!input.ok) return sendError(reply, input);
      const created = await connections.create(input.value);
      if (!created.ok) return sendError(reply, created);
      await saveConnectionIdentifier(deps, created.value.connection.id, input.value);
      const connection = await view(created.value.connection, request);
      const { secret, forwardSecret } = created.value;
      return reply.status(201).send({
        connection,
        ...(secret !== undefined && { secret }),
        ...(forwardSecret !== undefined && { forwardSecret }),
      });
    },
  );

  api.get(
    '/api/v1/connections',
    {
      schema: {
        operationId: 'listConnections',
        summary: 'List connections',
        tags,
        querystring: listQuery,
        response: { 200: listOf(connectionOut), ...errors },
      },
    },
    async (request) => {
      const { rotationDue, ...page } = request.query;
      const filter =
        rotationDue === 'true'
          ? { ...page, rotationDue: { now: deps.clock.now(), defaultDays: deps.rotationReminderDays } }
          : page;
      const listed = await store.listConnections(filter);
      return {
        items: await Promise.all(listed.items.map((c) => view(c, request))),
        nextCursor: listed.nextCursor,
      };
    },
  );

  api.get(
    '/api/v1/connections/:id',
    {
      schema: {
        operationId: 'getConnection',
        summary: 'Show a connection',
        tags,
        params: idParams,
        response: { 200: connectionOut, ...errors },
      },
    },
    async (request, reply) => {
      const connection = await store.getConnection(request.params.id);
      if (!connection) return sendError(reply, missing(request.params.id));
      return view(connection, request);
    },
  );

  api.patch(
    '/api/v1/connections/:id',
    {
      schema: {
        operationId: 'updateConnection',
        summary: 'Change a connection',
        tags,
        params: idParams,
        body: patchBody,
        response: { 200: patchedOut, ...errors, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const updated = await connections.update(request.params.id, request.body);
      if (!updated.ok) return sendError(reply, updated);
      const { connection, forwardSecret } = updated.value;
      await saveConnectionIdentifier(deps, connection.id, request.body);
      return { ...(await view(connection, request)), ...(forwardSecret !== undefined && { forwardSecret }) };
    },
  );

  api.post(
    '/api/v1/connections/:id/forward/rotate',
    {
      schema: {
        operationId: 'rotateForwardSecret',
        summary: 'Replace the forwarding secret (the old one keeps signing during graceSeconds)',
        tags,
        params: idParams,
        body: forwardRotateBody,
        response: {
          200: z.object({ connection: connectionOut, forwardSecret: forwardSecretOut }),
          ...errors,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const rotated = await deps.forwarding.rotate(request.params.id, request.body?.graceSeconds ?? 0);
      if (!rotated.ok) return sendError(reply, rotated);
      return {
        connection: await view(rotated.value.connection, request),
        forwardSecret: rotated.value.forwardSecret,
      };
    },
  );

  api.delete(
    '/api/v1/connections/:id',
    {
      schema: {
        operationId: 'deleteConnection',
        summary: 'Delete a connection with its history and events',
        tags,
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const deleted = await connections.remove(request.params.id);
      if (!deleted) return sendError(reply, missing(request.params.id));
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/api/v1/connections/:id/rotate',
    {
      schema: {
        operationId: 'rotateConnectionSecret',
        summary: 'Rotate the secret of a connection',
        tags,
        params: idParams,
        body: rotateBody,
        response: { 200: withSecretOut, ...errors },
      },
    },
    async (request, reply) => {
      const rotated = await connections.rotate(request.params.id, request.body ?? {});
      if (!rotated.ok) return sendError(reply, rotated);
      const connection = await view(rotated.value.connection, request);
      return rotated.value.secret ? { connection, secret: rotated.value.secret } : { connection };
    },
  );
}
