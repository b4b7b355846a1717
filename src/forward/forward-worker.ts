import { randomUUID } from 'node:crypto';
import {
  createEndpointLimiter,
  createLeaseWorker,
  createSecretOpener,
  DEFAULT_RETRY_SCHEDULE,
  defaultTransport,
  leaseTimings,
  type OutboundWorkerOptions,
  type WorkTools,
} from '../delivery/index.ts';
import type {
  DeliverySecretRepository,
  ForwardAttemptRecord,
  ForwardChange,
  ForwardCompletion,
  ForwardLease,
  ForwardState,
  LeasedForward,
  Store,
} from '../store/index.ts';
import { attemptForward } from './forward-attempt.ts';

/** What a forward worker is built from; everything but store, clock, logger and secretBox has a default. */
export interface ForwardWorkerOptions extends OutboundWorkerOptions {
  readonly store: Pick<Store, 'forward'> & {
    /** The forwarding secrets (versioned with the outbound credentials, owner = the connection). */
    readonly delivery: Pick<DeliverySecretRepository, 'activeSecrets'>;
  };
  /**
   * Leased forwards held in memory for connections at their in-flight limit (default 500): each starts as
   * soon as a slot is free; beyond this, forwards stay queued in the store until there is room.
   */
  readonly waitingLimit?: number;
  /**
   * Requests in flight per connection (default 64: at 200 events/s a backend answering within about 300 ms
   * keeps up; a slower one is protected by the limit, and its forwards wait in memory, then in the store).
   */
  readonly perConnection?: number;
  /** Told about every attempt and the state it led to (the gateway counts them in /metrics). */
  readonly onAttempt?: (attempt: ForwardAttemptRecord, state: ForwardState) => void;
  /** Told when a forward's recorded state changed (the live tail shows it). */
  readonly onChange?: (change: ForwardChange) => void;
}

/**
 * The running local worker as the inbound path sees it: the first attempt of a forward is leased in the
 * event's own commit and handed over in memory, so no lease transaction stands between the 202 and the
 * forward (as outbound publishing does with the delivery worker).
 */
export interface ForwardDispatch {
  /** A lease for one forward of `connectionId`, or null when the worker has no room (the job is queued). */
  reserve(connectionId: string): ForwardLease | null;
  /** Gives back a reservation (by its lease token) that was not used (the commit failed, or a duplicate). */
  cancel(token: string): void;
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
  /** Leased forwards waiting in memory for a free slot of their connection. */
  waiting(): number;
  /**
   * Stops leasing, waits for the requests in flight, gives back unworked leases, closes the transport.
   * `abandon: true` (the shutdown ran out of time) aborts the requests in flight and records nothing more:
   * their leases expire and they are sent again, as after a crash.
   */
  stop(options?: { readonly abandon?: boolean }): Promise<void>;
}

/**
 * Creates the forward worker on the lease engine it shares with outbound delivery (lease-worker.ts): the same
 * pump, per-destination in-flight limit, short leases renewed by a heartbeat, SSRF-guarded transport, retry
 * schedule and secret opener; the queue is `forward_jobs`. A freshly accepted event's forward is leased in
 * the event's own commit and handed over in memory: it starts at once, or, when its connection is at its
 * in-flight limit, waits in memory (leased, renewed) for the next free slot, so no store round trip stands
 * between the 202 and the forward. At least once: a crash between sending and recording sends again after
 * the lease (15 s), with the same `webhook-id`.
 */
export function createForwardWorker(options: ForwardWorkerOptions): ForwardWorker {
  const { store, clock, logger } = options;
  const owner = `forward-${randomUUID().slice(0, 8)}`;
  const ownTransport = options.transport === undefined;
  const transport = options.transport ?? defaultTransport(options);
  const opener = createSecretOpener(options.secretBox, (versionId) =>
    logger.warn({ versionId }, 'a forwarding secret does not open with the configured master keys'),
  );
  const limiter = createEndpointLimiter(clock, options.perConnection ?? 64);
  const candidate = (eventId: string, connectionId: string) => ({
    deliveryId: eventId,
    endpointId: connectionId,
    maxConcurrency: null,
    rateLimit: null,
  });

  async function work(
    leased: LeasedForward,
    secrets: readonly string[],
    tools: WorkTools<ForwardCompletion>,
  ): Promise<ForwardState | 'lease_lost' | 'abandoned' | 'error'> {
    const { eventId, connectionId } = leased.job;
    try {
      const { completion, statusCode, latencyMs } = await attemptForward(
        {
          clock,
          transport,
          random: options.random ?? Math.random,
          defaultSchedule: options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
          secrets,
          signal: tools.signal,
        },
        leased,
      );
      // The connection's slot is about requests in flight: free it before recording.
      tools.requestDone();
      if (tools.abandoned()) return 'abandoned';
      if (completion.attempt !== null) options.onAttempt?.(completion.attempt, completion.state);
      const applied = await tools.record(completion);
      if (applied === 'dropped') return 'abandoned';
      if (applied === 'applied') {
        options.onChange?.({
          eventId,
          connectionId,
          forward: {
            status: completion.state,
            attempts: leased.job.attempts,
            lastStatusCode: completion.lastStatus,
          },
        });
      }
      const log = { eventId, connectionId, state: completion.state, statusCode, latencyMs, applied };
      if (completion.state === 'delivered') logger.debug(log, 'forward delivered');
      else logger.info({ ...log, error: completion.lastError }, 'forward attempt failed');
      return applied === 'applied' ? completion.state : 'lease_lost';
    } catch (error) {
      logger.warn({ eventId, err: error instanceof Error ? error.name : 'unknown' }, 'forward not recorded');
      return 'error';
    } finally {
      tools.requestDone();
    }
  }

  const engine = createLeaseWorker({
    name: 'forward',
    owner,
    clock,
    logger,
    ...leaseTimings(options),
    // Attempt rows and next states are written together at most 10 ms apart: with SQLite's synced commits
    // each transaction costs an fsync (the backend has its request already; only the log waits).
    completionFlushMs: 10,
    waitingLimit: options.waitingLimit ?? 500,
    limiter,
    describe: (leased: LeasedForward) => ({
      lease: { id: leased.job.eventId, token: leased.leaseToken },
      candidate: candidate(leased.job.eventId, leased.job.connectionId),
    }),
    lease: (round) =>
      store.forward.lease({
        now: round.now,
        limit: round.limit,
        leaseMs: round.leaseMs,
        owner: round.owner,
        excludeConnections: round.exclude,
        admit: (job) => round.admit(candidate(job.eventId, job.connectionId)),
      }),
    renew: (leases, until) => store.forward.renew(leases, until),
    release: (leaseOwner, now, unstarted) => store.forward.release(leaseOwner, now, unstarted),
    complete: (completion) => store.forward.complete(completion),
    dueAtOf: (completion) => completion.dueAt,
    async prepare(batch, now) {
      const owners = [...new Set(batch.map((leased) => leased.job.connectionId))];
      const versions = await store.delivery.activeSecrets(owners, now);
      const opened = new Map(owners.map((id) => [id, opener.open(versions.get(id) ?? [])]));
      return (leased) => opened.get(leased.job.connectionId) ?? [];
    },
    work,
  });

  let stopping: Promise<void> | null = null;
  return {
    async runOnce() {
      return (await engine.runOnce()).length;
    },
    start: () => engine.start(),
    notify: () => engine.notify(),
    waiting: () => engine.waiting(),
    reserve: (connectionId) => engine.reserve(candidate('', connectionId)),
    cancel: (token) => engine.cancel(token),
    handoff: (leased) => engine.handoff([leased]),
    stop(stopOptions = {}) {
      if (stopOptions.abandon === true) void engine.stop({ abandon: true });
      // A second call (the shutdown ran out of time) waits for the same closing sequence.
      stopping ??= (async () => {
        await engine.stop();
        if (ownTransport) await transport.close();
      })();
      return stopping;
    },
  };
}
