import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { failure } from '../errors/index.ts';
import type { ForwardStore, ForwardSummary, HistoryRecord, InboundLogRepository } from '../store/index.ts';

/** What the history routes read: history rows, events, and the forward summary of each row's event. */
export type HistoryRouteStore = Pick<InboundLogRepository, 'listHistory' | 'getHistory' | 'getEvent'> & {
  readonly forward: Pick<ForwardStore, 'summaries'>;
};

import { sendError } from './http-errors.ts';
import { errorSchema, eventSchema, historyQuery, historyRowSchema, idParams, listOf } from './schemas.ts';
import { eventView, historyView } from './views.ts';

const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

/** The forward of a history row's event, or null (not accepted, or its connection did not forward). */
function forwardOf(forwards: ReadonlyMap<string, ForwardSummary>, row: HistoryRecord): ForwardSummary | null {
  return row.eventId === null ? null : (forwards.get(row.eventId) ?? null);
}

/** `/api/v1/history` (newest first, cursor paging), `/api/v1/history/{id}`, `/api/v1/events/{id}`. */
export async function historyRoutes(app: FastifyInstance, deps: { store: HistoryRouteStore }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store } = deps;

  api.get(
    '/api/v1/history',
    {
      schema: {
        operationId: 'listHistory',
        summary: 'List the request history, newest first',
        tags: ['history'],
        querystring: historyQuery,
        response: { 200: listOf(historyRowSchema), ...errors },
      },
    },
    async (request) => {
      const { since, until, ...filter } = request.query;
      const page = await store.listHistory({
        ...filter,
        ...(since !== undefined && { since: Date.parse(since) }),
        ...(until !== undefined && { until: Date.parse(until) }),
      });
      const eventIds = page.items.flatMap((row) => (row.eventId === null ? [] : [row.eventId]));
      const forwards = await store.forward.summaries(eventIds);
      return {
        items: page.items.map((row) => historyView(row, forwardOf(forwards, row))),
        nextCursor: page.nextCursor,
      };
    },
  );

  api.get(
    '/api/v1/history/:id',
    {
      schema: {
        operationId: 'getHistoryRow',
        summary: 'Show a history row',
        tags: ['history'],
        params: idParams,
        response: { 200: historyRowSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = await store.getHistory(request.params.id);
      if (!row) return sendError(reply, failure('NOT_FOUND', `No history row ${request.params.id}`));
      const forwards = await store.forward.summaries(row.eventId === null ? [] : [row.eventId]);
      return historyView(row, forwardOf(forwards, row));
    },
  );

  api.get(
    '/api/v1/events/:id',
    {
      schema: {
        operationId: 'getEvent',
        summary: 'Show an accepted event with its exact body',
        tags: ['events'],
        params: idParams,
        response: { 200: eventSchema, ...errors },
      },
    },
    async (request, reply) => {
      const event = await store.getEvent(request.params.id);
      if (!event) return sendError(reply, failure('NOT_FOUND', `No event ${request.params.id}`));
      return eventView(event);
    },
  );
}
