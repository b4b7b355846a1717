import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { LiveStreams } from '../api/index.ts';
import type { Logger } from '../observability/index.ts';
import type { StoreLifecycle } from '../store/index.ts';
import type { BackgroundWorkers } from './background-workers.ts';

/** What a stop found in flight and drained, written to the shutdown log line. */
export interface DrainReport {
  /** HTTP requests in flight when the stop began (live-tail streams not counted). */
  readonly requests: number;
  /** Live-tail (SSE) streams ended. */
  readonly streams: number;
  /** Outbound deliveries in flight when the stop began. */
  readonly deliveries: number;
  /** True when the timeout ran out: the connections and deliveries still open were cut. */
  readonly timedOut: boolean;
  /** How long the stop took, milliseconds. */
  readonly durationMs: number;
}

/** The HTTP requests in flight, and the idle-connection sweeping a drain needs. */
export interface RequestTracker {
  /** Requests whose response is not finished yet (an SSE stream counts until it ends). */
  open(): number;
  /**
   * From now on, closes each kept-alive connection as soon as its response is done. The server's close only
   * closes the connections idle at that moment; without this, one that becomes idle later (a finished
   * upload, an ended stream) would hold the close until the client or the keep-alive timeout closes it.
   */
  drain(): void;
}

/** Tracks the requests of `server`. */
export function trackRequests(server: Server): RequestTracker {
  let open = 0;
  let draining = false;
  server.on('request', (_request, response) => {
    open += 1;
    // `on`, not `once`: a response closes once, and `once` would wrap the listener for every request.
    response.on('close', () => {
      open -= 1;
      // The socket turns idle right after the response's close: sweep on the next turn.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    open: () => open,
    drain() {
      draining = true;
      server.closeIdleConnections();
    },
  };
}

/** The running parts a stop drains, in the order it drains them. */
export interface DrainTargets {
  readonly app: FastifyInstance;
  readonly streams: LiveStreams;
  readonly requests: RequestTracker;
  readonly workers: Pick<BackgroundWorkers, 'stop' | 'deliveriesInFlight'>;
  readonly store: Pick<StoreLifecycle, 'close'>;
  /** Closes what must go before the store (the cluster bus's connection). */
  readonly beforeStoreClose: () => Promise<void>;
  /** Stops the timers that start new work (retention). */
  readonly stopTimers: () => void;
  readonly logger: Logger;
}

/** Resolves true when `work` settles within `ms`, false when the time runs out first. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops the gateway gracefully: the listener closes at once (new connections are refused, a request
 * arriving on a kept-alive connection gets 503), live-tail streams are ended, and requests and deliveries
 * in flight finish — for at most `timeoutMs`, after which the connections still open are cut and the
 * deliveries still in flight are abandoned (their leases expire and they are sent again). Then the store is
 * closed, which writes what the group commit still holds. Nothing is acknowledged that is not committed:
 * an inbound request cut by the timeout never got its 202.
 */
export async function drainGateway(targets: DrainTargets, timeoutMs: number): Promise<DrainReport> {
  const started = performance.now();
  const { app, logger } = targets;
  targets.stopTimers();
  const streams = targets.streams.size;
  const requests = Math.max(0, targets.requests.open() - streams);
  const deliveries = targets.workers.deliveriesInFlight();
  logger.info(
    { requests, streams, deliveries, timeoutMs },
    'hookgate stopping: draining requests and deliveries',
  );
  const closing = app.close();
  targets.requests.drain();
  targets.streams.endAll();
  const stopping = targets.workers.stop();
  const drained = await within(Promise.all([closing, stopping]), timeoutMs);
  if (!drained) {
    logger.warn(
      { requests: targets.requests.open(), deliveries: targets.workers.deliveriesInFlight(), timeoutMs },
      'shutdown timeout reached: closing the connections and abandoning the deliveries still in flight',
    );
    (app.server as Server).closeAllConnections();
    await Promise.all([closing, targets.workers.stop({ abandon: true })]);
  }
  await targets.beforeStoreClose();
  await targets.store.close();
  const report = {
    requests,
    streams,
    deliveries,
    timedOut: !drained,
    durationMs: Math.round(performance.now() - started),
  };
  logger.info(report, 'hookgate stopped');
  return report;
}
