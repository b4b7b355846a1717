import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../core/index.ts';
import { failure } from '../errors/index.ts';
import type { ConnectionRepository, ProcessingSettingsRepository } from '../store/index.ts';

/** What the per-connection processing routes use of the store. */
export type ProcessingConnectionStore = Pick<ConnectionRepository, 'getConnection'> & {
  readonly processing: Pick<
    ProcessingSettingsRepository,
    'getSettings' | 'putSettings' | 'setCapture' | 'getSample'
  >;
};

import { sendError } from './http-errors.ts';
import {
  captureSchema,
  processingSettingsSchema,
  putProcessingBody,
  sampleSchema,
} from './processing-schemas.ts';
import { captureView, sampleView, settingsView } from './processing-views.ts';
import { errorSchema, idParams } from './schemas.ts';

const tags = ['processing'];
const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/**
 * Per-connection processing: `/api/v1/connections/{id}/processing` (identifier mapping and unknown-contact
 * policy), `/capture` (arm / cancel "capture next sample") and `/schema` (the sample, its JSON Schema and
 * paths).
 */
export async function processingConnectionRoutes(
  app: FastifyInstance,
  deps: { store: ProcessingConnectionStore; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, clock } = deps;
  const missing = (id: string) => failure('NOT_FOUND', `No connection ${id}`);
  const exists = async (id: string) => (await store.getConnection(id)) !== null;

  api.get(
    '/api/v1/connections/:id/processing',
    {
      schema: {
        operationId: 'getConnectionProcessing',
        summary: "Show a connection's processing settings",
        tags,
        params: idParams,
        response: { 200: processingSettingsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await exists(id))) return sendError(reply, missing(id));
      return settingsView(id, await store.processing.getSettings(id));
    },
  );

  api.put(
    '/api/v1/connections/:id/processing',
    {
      schema: {
        operationId: 'putConnectionProcessing',
        summary: "Replace a connection's processing settings",
        tags,
        params: idParams,
        body: putProcessingBody,
        response: { 200: processingSettingsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await exists(id))) return sendError(reply, missing(id));
      const { identifier, onUnknownContact } = request.body;
      const saved = await store.processing.putSettings({
        connectionId: id,
        identifier:
          identifier === null ? null : { ...identifier, defaultCountry: identifier.defaultCountry ?? null },
        onUnknownContact,
        updatedAt: clock.now(),
      });
      return settingsView(id, saved);
    },
  );

  api.post(
    '/api/v1/connections/:id/capture',
    {
      schema: {
        operationId: 'startSchemaCapture',
        summary: 'Start capturing the payload schema of a connection',
        tags,
        params: idParams,
        response: { 202: captureSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await exists(id))) return sendError(reply, missing(id));
      const now = clock.now();
      await store.processing.setCapture(id, now, now);
      return reply.status(202).send(captureView(id, now));
    },
  );

  api.delete(
    '/api/v1/connections/:id/capture',
    {
      schema: {
        operationId: 'stopSchemaCapture',
        summary: 'Stop capturing the payload schema of a connection',
        tags,
        params: idParams,
        response: { 200: captureSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await exists(id))) return sendError(reply, missing(id));
      await store.processing.setCapture(id, null, clock.now());
      return captureView(id, null);
    },
  );

  api.get(
    '/api/v1/connections/:id/schema',
    {
      schema: {
        operationId: 'getConnectionSchema',
        summary: 'Show the payload schema captured for a connection',
        tags,
        params: idParams,
        response: { 200: sampleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await exists(id))) return sendError(reply, missing(id));
      const [settings, sample] = await Promise.all([
        store.processing.getSettings(id),
        store.processing.getSample(id),
      ]);
      return sampleView(id, settings?.captureArmedAt != null, sample);
    },
  );
}
