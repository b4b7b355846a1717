import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HistoryBus } from '../ingest/history-bus.ts';
import type { HistoryRecord, InboundLogRepository } from '../store/types.ts';
import type { LiveStreams } from './live-streams.ts';
import { errorSchema } from './schemas.ts';
import { historyView } from './views.ts';

/** How often an idle stream sends a comment line so proxies keep it open. */
export const KEEPALIVE_MS = 15_000;

/** At most this many missed rows are replayed after a reconnect; older ones stay in `GET /api/v1/history`. */
export const CATCH_UP_LIMIT = 1000;

/** The rows the catch-up reads per query. */
const CATCH_UP_PAGE = 200;

/** The store operations the stream uses: finding the client's last row and the rows after it. */
export type HistoryStreamStore = Pick<InboundLogRepository, 'getHistory' | 'listHistory'>;

const streamQuery = z.object({ connectionId: z.string().optional() });
const streamHeaders = z.looseObject({
  'last-event-id': z
    .string()
    .optional()
    .describe('The id of the last row the client saw: rows after it come first'),
});

/**
 * `GET /api/v1/history/stream?connectionId=`: the live tail as Server-Sent Events. Each committed history
 * row is one `event: history` message whose `id:` is the row id and whose data is the row as
 * `/api/v1/history` shows it. A client that reconnects with `Last-Event-ID` first gets the rows committed
 * after that one, oldest first (at most CATCH_UP_LIMIT; an `event: gap` says when more were missed), then
 * the live ones; a row is sent again only when it changed (a later outcome). Open streams are kept in
 * `streams`, and ended when the server closes (else the close would wait for the clients to leave).
 */
export async function historyStreamRoute(
  app: FastifyInstance,
  deps: { historyBus: HistoryBus; store: HistoryStreamStore; streams: LiveStreams },
): Promise<void> {
  app.addHook('preClose', (done) => {
    deps.streams.endAll();
    done();
  });
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/history/stream',
    {
      schema: {
        operationId: 'streamHistory',
        summary: 'Follow the request history live (Server-Sent Events)',
        tags: ['history'],
        querystring: streamQuery,
        headers: streamHeaders,
        response: {
          200: {
            description: '`event: history` messages (`id:` the row id, `data:` a HistoryRow), `event: gap`',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          401: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const wanted = request.query.connectionId;
      const lastEventId = request.headers['last-event-id'];
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      out.write(': connected\n\n');
      const forget = deps.streams.add(out);
      const send = (row: HistoryRecord) =>
        out.writableEnded ||
        out.write(`id: ${row.id}\nevent: history\ndata: ${JSON.stringify(historyView(row))}\n\n`);

      // Subscribe before reading the missed rows, holding live ones back, so a row committed meanwhile is
      // neither lost nor sent twice.
      let held: HistoryRecord[] | null = lastEventId === undefined ? null : [];
      const unsubscribe = deps.historyBus.subscribe((row) => {
        if (wanted !== undefined && row.connectionId !== wanted) return;
        if (held) held.push(row);
        else send(row);
      });
      const keepalive = setInterval(() => out.writableEnded || out.write(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      // The response closes when the client leaves or the stream is ended at shutdown.
      out.once('close', () => {
        clearInterval(keepalive);
        unsubscribe();
        forget();
      });

      if (lastEventId === undefined || held === null) return;
      let missed: Awaited<ReturnType<typeof rowsAfter>>;
      try {
        missed = await rowsAfter(deps.store, lastEventId, wanted);
      } catch (error) {
        // The store did not answer: end the stream; the client reconnects with the same Last-Event-ID.
        request.log.warn({ err: error }, 'history stream: the missed rows could not be read');
        out.end();
        return;
      }
      if (out.writableEnded) return;
      if (!missed.complete) {
        const message = 'More rows were missed than the stream replays; GET /api/v1/history has them all';
        out.write(`event: gap\ndata: ${JSON.stringify({ message })}\n\n`);
      }
      // A held row the replay already showed as it is now is left out; a changed one (a later outcome) is sent.
      const replayed = new Map(missed.rows.map((row) => [row.id, JSON.stringify(historyView(row))]));
      for (const row of missed.rows) send(row);
      for (const row of held) if (replayed.get(row.id) !== JSON.stringify(historyView(row))) send(row);
      held = null;
    },
  );
}

/**
 * The rows committed after row `lastId`, oldest first: read newest first until that row, at most
 * CATCH_UP_LIMIT. `complete` is false when the row was not reached (unknown, purged, or too far back).
 */
async function rowsAfter(
  store: HistoryStreamStore,
  lastId: string,
  connectionId: string | undefined,
): Promise<{ rows: HistoryRecord[]; complete: boolean }> {
  const last = await store.getHistory(lastId);
  if (last === null) return { rows: [], complete: false };
  const newer: HistoryRecord[] = [];
  let cursor: string | undefined;
  while (newer.length < CATCH_UP_LIMIT) {
    const page = await store.listHistory({
      connectionId,
      limit: Math.min(CATCH_UP_PAGE, CATCH_UP_LIMIT - newer.length),
      ...(cursor !== undefined && { cursor }),
    });
    for (const row of page.items) {
      if (row.id === last.id || row.receivedAt < last.receivedAt)
        return { rows: newer.reverse(), complete: true };
      newer.push(row);
    }
    if (page.nextCursor === null) return { rows: newer.reverse(), complete: true };
    cursor = page.nextCursor;
  }
  return { rows: newer.reverse(), complete: false };
}
