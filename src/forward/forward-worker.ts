import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { createHttpTransport, type Transport } from '../delivery/http/http-transport.ts';
import { DEFAULT_RETRY_SCHEDULE } from '../delivery/retry/retry-schedule.ts';
import { createDestinationGuard, type Resolver } from '../delivery/ssrf/destination-guard.ts';
import { createCompletionBuffer } from '../delivery/worker/completion-buffer.ts';
import { createEndpointLimiter } from '../delivery/worker/endpoint-limiter.ts';
import { createPump } from '../delivery/worker/worker-pump.ts';
import { createSecretOpener } from '../delivery/worker/worker-secrets.ts';
import type { Logger } from '../observability/logger.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type {
  ForwardAttemptRecord,
  ForwardCompletion,
  ForwardLease,
  ForwardState,
  LeasedForward,
} from '../store/forward/forward-types.ts';
import type { Store } from '../store/types.ts';
import { attemptForward } from './forward-attempt.ts';

/** What a forward worker is built from; everything but store, clock, logger and secretBox has a default. */
export interface ForwardWorkerOptions {
  readonly store: Pick<Store, 'forward' | 'delivery'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secretBox: Pick<SecretBox, 'open'>;
  /** Sends the requests; default: the SSRF-guarded undici transport of outbound delivery. */
  readonly transport?: Transport;
  /** For the default transport: `HOOKGATE_ALLOW_PRIVATE_DESTINATIONS`. */
  readonly allowPrivateDestinations?: boolean;
  readonly resolver?: Resolver;
  /** Retry delays in seconds (`HOOKGATE_RETRY_SCHEDULE`); a connection may set its own. */
  readonly retrySchedule?: readonly number[];
  /** Jitter source in [0, 1); tests pass `() => 0.5` for exact delays. */
  readonly random?: () => number;
  /** How long a lease lasts before another instance may take the job (default 60 s > the 15 s timeout). */
  readonly leaseMs?: number;
  /** Jobs leased per round (default 100). */
  readonly batchSize?: number;
  /** Requests in flight at once (default 256); per connection at most `perConnection` (default 20). */
  readonly concurrency?: number;
  readonly perConnection?: number;
  /** How often to look for due work when idle (default 1 s): retries and other instances' events. */
  readonly pollIntervalMs?: number;
  /** Told about every attempt and the state it led to (the gateway counts them in /metrics). */
  readonly onAttempt?: (attempt: ForwardAttemptRecord, state: ForwardState) => void;
}

/**
 * The running local worker as the inbound path sees it: the first attempt of a forward is leased in the
 * event's own commit and handed over in memory, so no lease transaction stands between the 202 and the
 * forward (as outbound publishing does with the delivery worker).
 */
export interface ForwardDispatch {
  /** A lease for one forward of `connectionId`, or null when the worker has no room (the job is queued). */
  reserve(connectionId: string): ForwardLease | null;
  /** Gives back a reservation that was not used (the commit failed, or the event was a duplicate). */
  cancel(connectionId: string): void;
  /** Starts the first attempt of a committed job leased through `reserve`. */
  handoff(leased: LeasedForward): void;
}

/** The forward worker. Tests drive `runOnce`; the gateway calls `start`. */
export interface ForwardWorker extends ForwardDispatch {
  /** Leases one batch of due forwards and works them all; resolves with how many were leased. */
  runOnce(): Promise<number>;
  start(): void;
  /** Wakes the loop (an event of a forwarding connection was just accepted, or a redelivery queued). */
  notify(): void;
  /**
   * Stops leasing, waits for the requests in flight, gives back unworked leases, closes the transport.
   * `abandon: true` (the shutdown ran out of time) aborts the requests in flight instead of waiting.
   */
  stop(options?: { readonly abandon?: boolean }): Promise<void>;
}

/**
 * Creates the forward worker from the outbound delivery's parts: the same pump (one leasing round at a
 * time, woken on demand, polling when idle), per-destination concurrency limiter, SSRF-guarded transport,
 * retry schedule and secret opener; the queue is `forward_jobs` (leases fenced by token, `SKIP LOCKED` on
 * PostgreSQL). At least once: a crash between sending and recording sends again after the lease, with the
 * same `webhook-id`.
 */
export function createForwardWorker(options: ForwardWorkerOptions): ForwardWorker {
  const { store, clock, logger } = options;
  const owner = `forward-${randomUUID().slice(0, 8)}`;
  const ownTransport = options.transport === undefined;
  const transport =
    options.transport ??
    createHttpTransport({
      guard: createDestinationGuard({
        allowPrivate: options.allowPrivateDestinations ?? false,
        ...(options.resolver !== undefined && { resolver: options.resolver }),
      }),
    });
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 256;
  const limiter = createEndpointLimiter(clock, options.perConnection ?? 20);
  const opener = createSecretOpener(options.secretBox, (versionId) =>
    logger.warn({ versionId }, 'a forwarding secret does not open with the configured master keys'),
  );
  // Attempt rows and next states are written together at most 10 ms apart: with SQLite's synced commits
  // each transaction costs an fsync (the backend has its request already; only the log waits).
  const completions = createCompletionBuffer<ForwardCompletion>(
    (completion) => store.forward.complete(completion),
    10,
    batchSize,
  );
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let reserved = 0;
  let handedOver: LeasedForward[] = [];
  let running = false;
  let stopping: Promise<void> | null = null;

  async function work(leased: LeasedForward, secrets: readonly string[]): Promise<void> {
    const { eventId, connectionId } = leased.job;
    let released = false;
    // The connection's slot is about requests in flight: free it before recording.
    const release = (): void => {
      if (!released) limiter.release(connectionId);
      released = true;
    };
    try {
      const { completion, statusCode, latencyMs } = await attemptForward(
        {
          clock,
          transport,
          random: options.random ?? Math.random,
          defaultSchedule: options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
          secrets,
          signal: abort.signal,
        },
        leased,
      );
      release();
      if (completion.attempt !== null) options.onAttempt?.(completion.attempt, completion.state);
      const applied = await completions.record(completion, running);
      const log = { eventId, connectionId, state: completion.state, statusCode, latencyMs, applied };
      if (completion.state === 'delivered') logger.debug(log, 'forward delivered');
      else logger.info({ ...log, error: completion.lastError }, 'forward attempt failed');
    } catch (error) {
      logger.warn({ eventId, err: error instanceof Error ? error.name : 'unknown' }, 'forward not recorded');
    } finally {
      release();
    }
  }

  const admit = (connectionId: string): boolean =>
    limiter.admit({ deliveryId: '', endpointId: connectionId, maxConcurrency: null, rateLimit: null });

  async function leaseAndStart(limit: number): Promise<Promise<void>[]> {
    const batch = await store.forward.lease({
      now: clock.now(),
      limit,
      leaseMs,
      owner,
      excludeConnections: limiter.saturated(),
      admit,
    });
    return start(batch);
  }

  /** Opens the batch's secrets (one query) and starts every job; on failure the slots are given back. */
  async function start(batch: readonly LeasedForward[]): Promise<Promise<void>[]> {
    if (batch.length === 0) return [];
    const now = clock.now();
    const owners = [...new Set(batch.map((leased) => leased.job.connectionId))];
    let versions: Awaited<ReturnType<typeof store.delivery.activeSecrets>>;
    try {
      versions = await store.delivery.activeSecrets(owners, now);
    } catch (error) {
      // The leases expire and the jobs are taken again; only this worker's slots need giving back.
      for (const leased of batch) limiter.release(leased.job.connectionId);
      throw error;
    }
    return batch.map((leased) => {
      const job = work(leased, opener.open(versions.get(leased.job.connectionId) ?? []));
      inFlight.add(job);
      void job.finally(() => {
        inFlight.delete(job);
        if (running) pump.kick();
      });
      return job;
    });
  }

  /** Starts the forwards handed over during this event-loop turn together (one secrets query). */
  function startHandedOver(): void {
    const batch = handedOver;
    handedOver = [];
    reserved = Math.max(0, reserved - batch.length);
    if (!running) {
      // Stopped between reserve and commit: the jobs stay leased and are taken again after the lease.
      for (const leased of batch) limiter.release(leased.job.connectionId);
      return;
    }
    start(batch).catch((error: unknown) =>
      logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'forward handoff failed'),
    );
  }

  const room = (): number => concurrency - inFlight.size - reserved;
  const pump = createPump(
    {
      logger,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      running: () => running,
      room,
      leaseAndStart: async (limit) => (await leaseAndStart(limit)).length,
    },
    batchSize,
  );

  return {
    async runOnce() {
      const started = await leaseAndStart(Math.min(batchSize, room()));
      await Promise.all(started);
      return started.length;
    },
    start() {
      if (running) return;
      running = true;
      pump.kick();
    },
    notify() {
      pump.kick();
    },
    reserve(connectionId) {
      if (!running || room() <= 0 || !admit(connectionId)) return null;
      reserved += 1;
      return { token: randomUUID(), owner, until: clock.now() + leaseMs };
    },
    cancel(connectionId) {
      reserved = Math.max(0, reserved - 1);
      limiter.release(connectionId);
    },
    handoff(leased) {
      if (handedOver.push(leased) === 1) setImmediate(startHandedOver);
    },
    stop(stopOptions = {}) {
      if (stopOptions.abandon === true) abort.abort();
      // A second call (the shutdown ran out of time) waits for the same closing sequence.
      stopping ??= (async () => {
        running = false;
        pump.halt();
        completions.flush();
        await Promise.allSettled([...inFlight]);
        completions.flush();
        await store.forward.release(owner, clock.now()).catch(() => 0);
        abort.abort();
        if (ownTransport) await transport.close();
      })();
      return stopping;
    },
  };
}
