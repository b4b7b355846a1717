import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HistoryBus } from '../ingest/history-bus.ts';
import type { LiveStreams } from './live-streams.ts';
import { historyView } from './views.ts';

/** How often an idle stream sends a comment line so proxies keep it open. */
export const KEEPALIVE_MS = 15_000;

/**
 * `GET /api/v1/history/stream?connectionId=`: the live tail as Server-Sent Events. Each committed history
 * row is one `event: history` message whose data is the row as `/api/v1/history` shows it. Open streams are
 * kept in `streams`, and ended when the server closes (else the close would wait for the clients to leave).
 */
export async function historyStreamRoute(
  app: FastifyInstance,
  deps: { historyBus: HistoryBus; streams: LiveStreams },
): Promise<void> {
  app.addHook('preClose', (done) => {
    deps.streams.endAll();
    done();
  });
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
      const forget = deps.streams.add(out);
      const unsubscribe = deps.historyBus.subscribe((row) => {
        if (out.writableEnded || (wanted !== undefined && row.connectionId !== wanted)) return;
        out.write(`id: ${row.id}\nevent: history\ndata: ${JSON.stringify(historyView(row))}\n\n`);
      });
      const keepalive = setInterval(() => out.writableEnded || out.write(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      // The response closes when the client leaves or the stream is ended at shutdown.
      out.once('close', () => {
        clearInterval(keepalive);
        unsubscribe();
        forget();
      });
    },
  );
}
