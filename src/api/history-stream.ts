import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HistoryBus } from '../ingest/history-bus.ts';
import { historyView } from './views.ts';

/** How often an idle stream sends a comment line so proxies keep it open. */
export const KEEPALIVE_MS = 15_000;

/**
 * `GET /api/v1/history/stream?connectionId=`: the live tail as Server-Sent Events. Each committed history
 * row is one `event: history` message whose data is the row as `/api/v1/history` shows it.
 */
export async function historyStreamRoute(
  app: FastifyInstance,
  deps: { historyBus: HistoryBus },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/history/stream',
    { schema: { tags: ['history'], querystring: z.object({ connectionId: z.string().optional() }) } },
    (request, reply) => {
      const wanted = request.query.connectionId;
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      out.write(': connected\n\n');
      const unsubscribe = deps.historyBus.subscribe((row) => {
        if (wanted !== undefined && row.connectionId !== wanted) return;
        out.write(`id: ${row.id}\nevent: history\ndata: ${JSON.stringify(historyView(row))}\n\n`);
      });
      const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      request.raw.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
      });
    },
  );
}
