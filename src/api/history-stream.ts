import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HistoryBus, KnownForward } from '../ingest/index.ts';
import type {
  ForwardChange,
  ForwardStore,
  ForwardSummary,
  HistoryRecord,
  InboundLogRepository,
} from '../store/index.ts';
import { type LiveStreams, openEventStream } from './live-streams.ts';
import { errorSchema } from './schemas.ts';
import { historyView } from './views.ts';

/** How often an idle stream sends a comment line so proxies keep it open. */
export const KEEPALIVE_MS = 15_000;

/** At most this many missed rows are replayed after a reconnect; older ones stay in `GET /api/v1/history`. */
export const CATCH_UP_LIMIT = 1000;

/** The rows the catch-up reads per query. */
const CATCH_UP_PAGE = 200;

/**
 * The store operations the stream uses: finding the client's last row and the rows after it, and the
 * forward states of rows published without one.
 */
export type HistoryStreamStore = Pick<InboundLogRepository, 'getHistory' | 'listHistory'> & {
  readonly forward: Pick<ForwardStore, 'summaries'>;
};

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
 * `/api/v1/history` shows it, with its forward's state. When a forward's state changes (an attempt was
 * recorded, on any instance), an `event: forward` message (no `id:`) carries `{ eventId, connectionId,
 * forward }`, so a client updates the row of that event. A client that reconnects with `Last-Event-ID` first gets the rows committed
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
            description:
              '`event: history` messages (`id:` the row id, `data:` a HistoryRow), `event: forward` messages ' +
              '(`data:` `{ eventId, connectionId, forward }`, the new state of an event’s forward), `event: gap`',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          401: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const wanted = request.query.connectionId;
      const lastEventId = request.headers['last-event-id'];
      const out = openEventStream(reply);
      const forget = deps.streams.add(out);
      const outbox = createOutbox(out, deps.store.forward, (error) =>
        request.log.warn({ err: error }, 'history stream: forward states could not be read'),
      );

      // Subscribe before reading the missed rows, holding live ones back, so a row committed meanwhile is
      // neither lost nor sent twice.
      let held: { rows: HistoryRecord[]; forwards: Map<string, string> } | null =
        lastEventId === undefined ? null : { rows: [], forwards: new Map() };
      const unsubscribe = deps.historyBus.subscribe((row, forward) => {
        if (wanted !== undefined && row.connectionId !== wanted) return;
        if (held) held.rows.push(row);
        else outbox.row(row, forward);
      });
      const unsubscribeForwards = deps.historyBus.subscribeForward((change) => {
        if (wanted !== undefined && change.connectionId !== wanted) return;
        if (held) held.forwards.set(change.eventId, change.connectionId);
        else outbox.forward(change);
      });
      const keepalive = setInterval(() => out.writableEnded || out.write(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      // The response closes when the client leaves or the stream is ended at shutdown.
      out.once('close', () => {
        clearInterval(keepalive);
        unsubscribe();
        unsubscribeForwards();
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
      // Forward states travel as their own events: the rows are compared without them.
      const replayed = new Map(missed.rows.map((row) => [row.id, JSON.stringify(historyView(row))]));
      for (const row of missed.rows) outbox.row(row, undefined);
      for (const row of held.rows) {
        if (replayed.get(row.id) !== JSON.stringify(historyView(row))) outbox.row(row, undefined);
      }
      // Forwards that changed during the replay are sent as they are now (the replay may be newer than a
      // change heard meanwhile).
      outbox.current(held.forwards);
      held = null;
    },
  );
}

/** Sends a stream's messages in the order they were queued, reading forward states the publisher did not know. */
interface Outbox {
  /** An `event: history` message; `forward` undefined = read it from the store. */
  row(row: HistoryRecord, forward: KnownForward): void;
  /** An `event: forward` message with the state it carries. */
  forward(change: ForwardChange): void;
  /** `event: forward` messages with the current state of these forwards (event id → connection id). */
  current(forwards: ReadonlyMap<string, string>): void;
}

type Outgoing =
  | { readonly kind: 'row'; readonly row: HistoryRecord; forward: KnownForward }
  | {
      readonly kind: 'forward';
      readonly eventId: string;
      readonly connectionId: string;
      state: ForwardSummary | undefined;
    };

/**
 * Creates a stream's outbox. Messages leave in the order they were queued; when some lack their forward
 * state, the queue waits for one read of all of them (so a forward change never overtakes its row). A read
 * that fails sends the rows without it (`forward: null`), as before forward states were shown live.
 */
function createOutbox(
  out: ServerResponse,
  forwards: Pick<ForwardStore, 'summaries'>,
  onError: (error: unknown) => void,
): Outbox {
  let queue: Outgoing[] = [];
  let draining = false;
  const write = (item: Outgoing): void => {
    if (out.writableEnded) return;
    if (item.kind === 'row') {
      const view = JSON.stringify(historyView(item.row, item.forward ?? null));
      out.write(`id: ${item.row.id}\nevent: history\ndata: ${view}\n\n`);
    } else if (item.state !== undefined) {
      const change: ForwardChange = {
        eventId: item.eventId,
        connectionId: item.connectionId,
        forward: item.state,
      };
      // No `id:` line: the client's Last-Event-ID stays the last history row it got.
      out.write(`event: forward\ndata: ${JSON.stringify(change)}\n\n`);
    }
  };
  const unknownIds = (items: readonly Outgoing[]): string[] =>
    items.flatMap((item) => {
      if (item.kind === 'row')
        return item.forward === undefined && item.row.eventId !== null ? [item.row.eventId] : [];
      return item.state === undefined ? [item.eventId] : [];
    });
  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0 && !out.writableEnded) {
        const batch = queue;
        queue = [];
        const ids = unknownIds(batch);
        let states: ReadonlyMap<string, ForwardSummary> = new Map();
        if (ids.length > 0) {
          try {
            states = await forwards.summaries(ids);
          } catch (error) {
            onError(error);
          }
        }
        for (const item of batch) {
          if (item.kind === 'row' && item.forward === undefined) {
            item.forward = item.row.eventId === null ? null : (states.get(item.row.eventId) ?? null);
          } else if (item.kind === 'forward' && item.state === undefined)
            item.state = states.get(item.eventId);
          write(item);
        }
      }
    } finally {
      draining = false;
    }
  }
  const push = (item: Outgoing): void => {
    if (!draining && queue.length === 0 && unknownIds([item]).length === 0) {
      write(item);
      return;
    }
    queue.push(item);
    if (!draining) void drain();
  };
  return {
    row: (row, forward) => push({ kind: 'row', row, forward }),
    forward: (change) =>
      push({
        kind: 'forward',
        eventId: change.eventId,
        connectionId: change.connectionId,
        state: change.forward,
      }),
    current(changed) {
      for (const [eventId, connectionId] of changed)
        push({ kind: 'forward', eventId, connectionId, state: undefined });
    },
  };
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
