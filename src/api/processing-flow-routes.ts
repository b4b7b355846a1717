import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/index.ts';
import { failure } from '../errors/index.ts';
import { createFlowService, type FlowServiceStore } from '../processing/index.ts';
import type { FlowRepository } from '../store/index.ts';

/** What the flow routes use of the store: the flow service's needs, and reading flows and runs. */
export type FlowRouteStore = FlowServiceStore & {
  readonly processing: {
    readonly flows: Pick<FlowRepository, 'listFlows' | 'getFlow' | 'deleteFlow' | 'listRuns' | 'getRun'>;
  };
};

import { sendError } from './http-errors.ts';
import {
  flowBody,
  flowListQuery,
  flowPatchBody,
  flowSchema,
  runParams,
  runQuery,
  runSchema,
} from './processing-flow-schemas.ts';
import { flowView, runView } from './processing-views.ts';
import { errorSchema, idParams, listOf } from './schemas.ts';

const tags = ['flows'];
const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/** `/api/v1/flows`: create, list (per connection), show, patch, delete; runs at `/api/v1/flows/{id}/runs`. */
export async function processingFlowRoutes(
  app: FastifyInstance,
  deps: { store: FlowRouteStore; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const flows = createFlowService(deps);
  const store = deps.store.processing.flows;
  const missing = (id: string) => failure('NOT_FOUND', `No flow ${id}`);

  api.post(
    '/api/v1/flows',
    {
      schema: {
        operationId: 'createFlow',
        summary: 'Create a flow',
        tags,
        body: flowBody,
        response: { 201: flowSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await flows.create(request.body);
      if (!created.ok) return sendError(reply, created);
      return reply.status(201).send(flowView(created.value));
    },
  );

  api.get(
    '/api/v1/flows',
    {
      schema: {
        operationId: 'listFlows',
        summary: 'List flows',
        tags,
        querystring: flowListQuery,
        response: { 200: listOf(flowSchema), ...errors },
      },
    },
    async (request) => {
      const page = await store.listFlows(request.query);
      return { items: page.items.map(flowView), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/flows/:id',
    {
      schema: {
        operationId: 'getFlow',
        summary: 'Show a flow',
        tags,
        params: idParams,
        response: { 200: flowSchema, ...errors },
      },
    },
    async (request, reply) => {
      const flow = await store.getFlow(request.params.id);
      return flow ? flowView(flow) : sendError(reply, missing(request.params.id));
    },
  );

  api.patch(
    '/api/v1/flows/:id',
    {
      schema: {
        operationId: 'updateFlow',
        summary: 'Change a flow',
        tags,
        params: idParams,
        body: flowPatchBody,
        response: { 200: flowSchema, ...errors },
      },
    },
    async (request, reply) => {
      const updated = await flows.update(request.params.id, request.body);
      if (!updated.ok) return sendError(reply, updated);
      return flowView(updated.value);
    },
  );

  api.delete(
    '/api/v1/flows/:id',
    {
      schema: {
        operationId: 'deleteFlow',
        summary: 'Delete a flow',
        tags,
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const deleted = await store.deleteFlow(request.params.id);
      if (!deleted) return sendError(reply, missing(request.params.id));
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/api/v1/flows/:id/runs',
    {
      schema: {
        operationId: 'listFlowRuns',
        summary: "List a flow's runs",
        tags,
        params: idParams,
        querystring: runQuery,
        response: { 200: listOf(runSchema), ...errors },
      },
    },
    async (request, reply) => {
      if ((await store.getFlow(request.params.id)) === null)
        return sendError(reply, missing(request.params.id));
      const page = await store.listRuns(request.params.id, request.query);
      return { items: page.items.map(runView), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/flows/:id/runs/:runId',
    {
      schema: {
        operationId: 'getFlowRun',
        summary: 'Show a flow run',
        tags,
        params: runParams,
        response: { 200: runSchema, ...errors },
      },
    },
    async (request, reply) => {
      const run = await store.getRun(request.params.runId);
      if (run === null || run.flowId !== request.params.id) {
        return sendError(
          reply,
          failure('NOT_FOUND', `No run ${request.params.runId} of flow ${request.params.id}`),
        );
      }
      return runView(run);
    },
  );
}
