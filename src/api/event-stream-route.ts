import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { failure } from '../errors/index.ts';
import type { HistoryBus } from '../ingest/index.ts';
import type { Logger } from '../observability/index.ts';
import type { EventRecord } from '../store/index.ts';
import {
  type EventStreamBatch,
  type EventStreamFilter,
  type EventStreamPosition,
  type EventStreamStore,
  isStoreUnavailable,
  laterPosition,
} from '../store/index.ts';
import { KEEPALIVE_MS } from './history-stream.ts';
import { sendError } from './http-errors.ts';
import { openEventStream } from './live-streams.ts';
import { errorSchema } from './schemas.ts';
import { eventView } from './views.ts';

/** Events read from the store at a time; the next read waits until they are written to the socket. */
const READ_BATCH = 100;

/**
 * How often an idle stream reads the store although nothing nudged it: the safety net for a nudge that
 * never came (a lost cross-instance notification, a writer that does not publish to the history bus).
 */
export const STREAM_POLL_MS = 500;

/**
 * After a nudge whose read found nothing, read again this soon (a few times): on PostgreSQL an event
 * committed here is handed out only once every older transaction has ended, usually a moment later.
 */
const SETTLE_RETRY_MS = 20;
const SETTLE_RETRIES = 5;

const streamQuery = z.object({
  connectionId: z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .optional()
    .describe('Only events of this connection; repeat the parameter for several'),
  after: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Resume after this event id (the `Last-Event-ID` header, when sent, takes precedence)'),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Only events received at or after this instant; without `after`, start with the first of them'),
});

const streamHeaders = z.looseObject({
  'last-event-id': z.string().min(1).max(100).optional(),
});

/** What the stream route needs. */
export interface EventStreamRouteDeps {
  readonly store: { readonly eventStream: EventStreamStore };
  /** Nudges open streams when an event is committed, so they need not wait for the next poll. */
  readonly historyBus: HistoryBus;
  readonly logger: Logger;
  /** Default `STREAM_POLL_MS`. */
  readonly pollIntervalMs?: number;
  /** How often an idle stream sends a comment; default `KEEPALIVE_MS`. */
  readonly keepaliveMs?: number;
}

/**
 * `GET /api/v1/events/stream?connectionId=&after=&since=`: stored events, in the order they were committed,
 * as Server-Sent Events (`id:` the event id, `data:` the event as `GET /api/v1/events/{id}` shows it).
 * Resumable after any event still stored (`after` or `Last-Event-ID`; 410 `CURSOR_EXPIRED` otherwise);
 * without either, it starts with the events accepted from then on (or, with `since`, with the first event
 * received since then). Reads come from the store by a cursor, so on PostgreSQL the stream carries the
 * events of every instance (see `EventStreamStore` for why no event is skipped).
 */
export async function eventStreamRoute(app: FastifyInstance, deps: EventStreamRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of openStreams) close();
  });

  api.get(
    '/api/v1/events/stream',
    {
      schema: {
        operationId: 'streamEvents',
        summary: 'Stream accepted events (Server-Sent Events), resumable by event id',
        tags: ['events'],
        querystring: streamQuery,
        headers: streamHeaders,
        response: {
          200: {
            description:
              'One message per event: `id:` the event id, `data:` the event as GET /api/v1/events/{id} returns it',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          400: errorSchema,
          401: errorSchema,
          410: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { connectionId, after: afterQuery, since } = request.query;
      const after = request.headers['last-event-id'] ?? afterQuery;
      const filter: EventStreamFilter = {
        connectionIds: connectionId === undefined ? [] : [connectionId].flat(),
        since: since === undefined ? undefined : Date.parse(since),
      };
      const start = await startPosition(deps.store, after, filter.since);
      if (start === null) {
        return sendError(
          reply,
          failure(
            'CURSOR_EXPIRED',
            `Event ${after} is not stored (unknown or purged); start again with since=`,
          ),
        );
      }
      const out = openEventStream(reply);
      const close = (): void => {
        out.end();
      };
      openStreams.add(close);
      out.on('close', () => openStreams.delete(close));
      void pumpEvents(out, start, filter, deps).catch((error: unknown) => {
        deps.logger.error({ err: { name: (error as Error).name } }, 'event stream failed; closing it');
        out.destroy();
      });
      return reply;
    },
  );
}

/** Where a stream starts: after `after` (null when not stored), the later of that and `since`, or now. */
async function startPosition(
  store: { readonly eventStream: EventStreamStore },
  after: string | undefined,
  since: number | undefined,
): Promise<EventStreamPosition | null> {
  const stream = store.eventStream;
  const fromSince = since === undefined ? undefined : await stream.positionSince(since);
  if (after === undefined) return fromSince ?? stream.headPosition();
  const resumed = await stream.positionAfter(after);
  if (resumed === null) return null;
  return fromSince === undefined ? resumed : laterPosition(resumed, fromSince);
}

/** One SSE message. JSON has no raw newlines, so the data fits on one `data:` line. */
function message(event: EventRecord): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(eventView(event))}\n\n`;
}

/**
 * Writes events to `out` until it closes: reads a batch after the position, writes it (waiting for the
 * socket to drain), and when caught up waits for a nudge (an event committed here) or the poll interval.
 * A comment line every `KEEPALIVE_MS` keeps proxies from closing an idle stream.
 */
async function pumpEvents(
  out: ServerResponse,
  start: EventStreamPosition,
  filter: EventStreamFilter,
  deps: EventStreamRouteDeps,
): Promise<void> {
  const wanted = new Set(filter.connectionIds);
  const waiter = createWaiter();
  const unsubscribe = deps.historyBus.subscribe((row) => {
    if (row.eventId !== null && (wanted.size === 0 || wanted.has(row.connectionId))) waiter.nudge();
  });
  const keepalive = setInterval(() => out.write(': keepalive\n\n'), deps.keepaliveMs ?? KEEPALIVE_MS);
  keepalive.unref();
  let open = true;
  const closed = new Promise<void>((resolve) => out.once('close', resolve));
  void closed.then(() => {
    open = false;
    clearInterval(keepalive);
    unsubscribe();
    waiter.nudge();
  });
  const isOpen = (): boolean => open && !out.writableEnded;

  let position = start;
  let settleRetries = 0;
  while (isOpen()) {
    const batch = await readOrWait(deps, position, filter, waiter);
    if (batch === null) continue;
    for (const event of batch.events) {
      if (!isOpen()) return;
      if (!out.write(message(event))) await Promise.race([drained(out), closed]);
    }
    position = batch.next;
    if (batch.events.length === READ_BATCH) continue;
    const retrySoon = batch.events.length === 0 && settleRetries > 0;
    if (retrySoon) settleRetries -= 1;
    const nudged = await waiter.wait(retrySoon ? SETTLE_RETRY_MS : (deps.pollIntervalMs ?? STREAM_POLL_MS));
    if (nudged) settleRetries = SETTLE_RETRIES;
  }
}

/**
 * One read of the stream; null after waiting out a read the store could not answer (unreachable): the
 * stream stays open and tries again at the poll interval, and the outage is logged once by the store's
 * health log, not here per stream.
 */
async function readOrWait(
  deps: EventStreamRouteDeps,
  position: EventStreamPosition,
  filter: EventStreamFilter,
  waiter: { wait(ms: number): Promise<boolean> },
): Promise<EventStreamBatch | null> {
  try {
    return await deps.store.eventStream.read(position, filter, READ_BATCH);
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    deps.logger.debug({ err: (error as Error).message }, 'event stream read failed; store unreachable');
    await waiter.wait(deps.pollIntervalMs ?? STREAM_POLL_MS);
    return null;
  }
}

/** Resolves when `out` can take more data. */
function drained(out: ServerResponse): Promise<void> {
  return new Promise((resolve) => out.once('drain', resolve));
}

/** A wake-up signal: `wait` resolves on a nudge (true) or after `ms` (false); nudges are not lost between waits. */
function createWaiter(): { nudge(): void; wait(ms: number): Promise<boolean> } {
  let pending = false;
  let wake: (() => void) | null = null;
  return {
    nudge() {
      pending = true;
      wake?.();
    },
    async wait(ms) {
      if (!pending) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, ms);
        });
        clearTimeout(timer);
        wake = null;
      }
      const nudged = pending;
      pending = false;
      return nudged;
    },
  };
}
