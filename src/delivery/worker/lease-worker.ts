import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/index.ts';
import { createLeaseHeartbeat } from '../../core/index.ts';
import type { Logger } from '../../observability/index.ts';
import type { EnqueueLease, JobLease, LeaseCandidate } from '../../store/index.ts';
import { isStoreUnavailable } from '../../store/index.ts';
import { createHttpTransport, type Transport } from '../http/http-transport.ts';
import { createDestinationGuard } from '../ssrf/destination-guard.ts';
import { type CompletionBuffer, createCompletionBuffer, type RecordResult } from './completion-buffer.ts';
import type { EndpointLimiter } from './endpoint-limiter.ts';
import type { OutboundWorkerOptions } from './worker-options.ts';
import { createPump } from './worker-pump.ts';

/** What the engine asks of the store for one lease round. */
export interface LeaseRound {
  readonly now: number;
  readonly limit: number;
  readonly leaseMs: number;
  readonly owner: string;
  /** Destinations that can take nothing now (neither a request nor a place in the waiting line). */
  readonly exclude: readonly string[];
  /** Called per candidate inside the leasing transaction; false leaves it for later. */
  admit(candidate: LeaseCandidate): boolean;
}

/** What the engine gives `work` besides the job. */
export interface WorkTools<Completion> {
  /** Aborts the request (stop with `abandon`, or the lease was found taken over). */
  readonly signal: AbortSignal;
  /** Call once the request is over, before recording: frees the destination's slot, stops the heartbeat. */
  requestDone(): void;
  /** Writes the completion (batched with others while the worker runs). */
  record(completion: Completion): Promise<RecordResult>;
  /** True once the worker was abandoned (simulated crash): results are no longer written. */
  abandoned(): boolean;
}

/**
 * One kind of leased work (outbound deliveries, forwards): its queue and how a job is worked. The engine
 * (`createLeaseWorker`) does the rest the same way for every kind.
 */
export interface LeaseWorkerSpec<Leased, Context, Completion, Outcome> {
  /** Names log lines: `delivery`, `forward`. */
  readonly name: string;
  /** Recorded on leases (released on a graceful stop). */
  readonly owner: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease length; the heartbeat renews held leases every `heartbeatMs` while their job is held. */
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  /** Jobs leased per round. */
  readonly batchSize: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly completionFlushMs: number;
  /**
   * Leased jobs held in memory, renewed by the heartbeat, for destinations at their in-flight limit; each
   * starts as soon as its destination has a free slot, with no store round trip. 0: none (such jobs stay
   * in the store until a slot is free).
   */
  readonly waitingLimit: number;
  /** Per-destination in-flight and rate limits of this worker. */
  readonly limiter: EndpointLimiter;
  /** A leased job's key, lease token, and the candidate its destination's limits judge. */
  describe(leased: Leased): { readonly lease: JobLease; readonly candidate: LeaseCandidate };
  lease(round: LeaseRound): Promise<readonly Leased[]>;
  renew(leases: readonly JobLease[], until: number): Promise<ReadonlySet<string>>;
  release(owner: string, now: number, unstarted: readonly JobLease[]): Promise<number>;
  complete(completion: Completion): Promise<'applied' | 'lease_lost'>;
  /** When the job is due again after this completion (null: finished). */
  dueAtOf(completion: Completion): number | null;
  /** Loads what a batch needs (its credentials, one query); resolves with each job's context. */
  prepare(batch: readonly Leased[], now: number): Promise<(leased: Leased) => Context>;
  /** Works one job to its recorded outcome; never rejects. */
  work(leased: Leased, context: Context, tools: WorkTools<Completion>): Promise<Outcome>;
  /** Milliseconds until a held-back destination may be leased again, if any. */
  recheckIn?(): number | undefined;
}

/** A worker's transport when none is injected: undici behind the SSRF guard. */
export function defaultTransport(options: OutboundWorkerOptions): Transport {
  return createHttpTransport({
    guard: createDestinationGuard({
      allowPrivate: options.allowPrivateDestinations ?? false,
      ...(options.resolver !== undefined && { resolver: options.resolver }),
    }),
    ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
}

/** A worker's lease length, heartbeat, batch, concurrency and poll interval, with the defaults both kinds use. */
export function leaseTimings(
  options: OutboundWorkerOptions,
): Pick<
  LeaseWorkerSpec<unknown, unknown, unknown, unknown>,
  'leaseMs' | 'heartbeatMs' | 'batchSize' | 'concurrency' | 'pollIntervalMs'
> {
  const leaseMs = options.leaseMs ?? 15_000;
  return {
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.floor(leaseMs / 3),
    batchSize: options.batchSize ?? 100,
    concurrency: options.concurrency ?? 256,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
  };
}

/** The engine as its workers expose it. */
export interface LeaseWorker<Leased, Outcome> {
  /** Leases one batch of due jobs and works the ones that may start now; resolves with their outcomes. */
  runOnce(): Promise<Outcome[]>;
  /** Starts the loop: works due jobs continuously, polling when idle. */
  start(): void;
  /** Wakes the loop (work was just queued). */
  notify(): void;
  /**
   * Stops leasing, gives back the leases of jobs still waiting, waits for the requests in flight. `abandon:
   * true` simulates a crash: requests are aborted and nothing more is written, so their leases expire.
   */
  stop(options?: { readonly abandon?: boolean }): Promise<void>;
  /** Jobs being sent or recorded now. */
  inFlight(): number;
  /** Leased jobs waiting in memory for a slot. */
  waiting(): number;
  /**
   * A lease for one job of `candidate`'s destination, taken inside the commit that creates the job (so no
   * lease transaction stands between that commit and the request); null when the worker has no room (the
   * job is queued in the store instead).
   */
  reserve(candidate: LeaseCandidate): EnqueueLease | null;
  /** Gives back a reservation that was not used (the commit failed, or was a duplicate). */
  cancel(token: string): void;
  /** Takes over committed jobs leased through `reserve` (started together after this event-loop turn). */
  handoff(leased: readonly Leased[]): void;
}

/** Whether an admitted job starts at once (it holds a destination slot) or waits for one in memory. */
type Admission = 'start' | 'wait';

interface WaitingJob<Leased, Context> {
  readonly leased: Leased;
  readonly context: Context;
}

/**
 * Creates the engine shared by the delivery and forward workers. Jobs come from the store's lease rounds (the
 * pump: one round at a time, woken on demand, polling when idle) or from the commit that created them
 * (`reserve` / `handoff`). Every held lease is renewed by a heartbeat, so leases are short and a crashed
 * instance's jobs are due again within about a lease length (at-least-once; receivers dedupe on the event
 * id), while a live worker keeps them however long they take; a job whose lease was found taken over is
 * aborted or dropped, and its completion is fenced out by the store. With `waitingLimit`, a job whose
 * destination is at its in-flight limit is still leased (in a round, or in its own commit) and waits in
 * memory for the next free slot, instead of staying in the store until a later round finds room.
 */
export function createLeaseWorker<Leased, Context, Completion, Outcome>(
  spec: LeaseWorkerSpec<Leased, Context, Completion, Outcome>,
): LeaseWorker<Leased, Outcome> {
  const { clock, logger, limiter } = spec;
  const minLease = Math.max(1, Math.floor(spec.batchSize / 4));
  const completions: CompletionBuffer<Completion> = createCompletionBuffer(
    (completion) => spec.complete(completion),
    spec.completionFlushMs,
    spec.batchSize,
  );
  const abort = new AbortController();
  /** Jobs being sent or recorded (a stop waits for them). */
  const inFlight = new Set<Promise<Outcome>>();
  /** Jobs whose request is under way: what `concurrency` limits. */
  let requesting = 0;
  /** Per job in flight: aborts its request when its lease is found taken over. */
  const requests = new Map<string, AbortController>();
  /** Leased jobs waiting for a slot, by destination, oldest first. */
  const waiting = new Map<string, WaitingJob<Leased, Context>[]>();
  let waitingCount = 0;
  /** Admitted (in a lease round or by `reserve`) but not yet arrived: slots and waiting places set aside. */
  let startsPending = 0;
  let waitsPending = 0;
  /** `reserve` admissions by lease token, until `handoff` or `cancel`. */
  const reservations = new Map<string, { readonly admission: Admission; readonly destination: string }>();
  let handedOver: Leased[] = [];
  let running = false;
  /** Set by `stop`: waiting jobs are no longer started (they were given back). */
  let stopped = false;
  let abandoned = false;
  /**
   * True when due work may be waiting in the store: the last round was cut short (full batch, or candidates
   * left for their destination's limits), work was queued there (`notify`), or a completion made its job due
   * again at once. Only then does a finished job start a lease round; otherwise new work arrives by
   * `handoff`, `notify` or the poll, and an idle round per finished job would only compete with the inbound
   * commits for the store.
   */
  let backlog = false;

  const heartbeat = createLeaseHeartbeat({
    intervalMs: spec.heartbeatMs,
    renew: (leases) => spec.renew(leases, clock.now() + spec.leaseMs),
    onLost: (lease) => {
      const request = requests.get(lease.id);
      const what = request === undefined ? 'waiting job dropped' : 'request aborted';
      logger.warn({ worker: spec.owner, jobId: lease.id }, `${spec.name} lease taken over; ${what}`);
      request?.abort();
      forgetWaiting(lease.id);
    },
    // While the store is unreachable, once per beat and quietly: the store's health logs the outage once.
    onError: (error) =>
      logger[isStoreUnavailable(error) ? 'debug' : 'warn'](
        { worker: spec.owner, err: error instanceof Error ? error.message : 'unknown' },
        `${spec.name} lease renewal failed`,
      ),
  });

  /**
   * Free request slots. A job whose request is over but whose completion is still being written does not
   * hold one (slow commits must not hold requests back), but at most `concurrency` such jobs may pile up.
   */
  const room = (): number =>
    Math.min(spec.concurrency - requesting, 2 * spec.concurrency - inFlight.size) - startsPending;
  const waitRoom = (): number => spec.waitingLimit - waitingCount - waitsPending;
  /**
   * Whether a lease round could take a batch's worth of work now (or the worker is idle). While jobs wait in
   * memory, a freed slot goes to them: only free waiting places count then. Without this, every queued job
   * and every finished one would start a round that finds no room, competing with the commits for the store.
   */
  const worthARound = (): boolean => {
    if (inFlight.size === 0 && waitingCount === 0) return true;
    const free = waitingCount > 0 ? waitRoom() : room() + Math.max(0, waitRoom());
    return free >= minLease;
  };

  /** Takes a slot (start now) or a waiting place for the candidate; null when it has neither. */
  function admit(candidate: LeaseCandidate): Admission | null {
    if (room() > 0 && limiter.admit(candidate)) {
      startsPending += 1;
      return 'start';
    }
    // Only an in-flight limit is waited out in memory: a rate limit or a cluster-wide limit (which the store
    // enforces when leasing) leaves the job in the store until it may be sent.
    if (waitRoom() > 0 && candidate.rateLimit === null && !limiter.enforcedByStore(candidate)) {
      waitsPending += 1;
      return 'wait';
    }
    return null;
  }

  /** Gives back what an admission set aside for a job that did not arrive. */
  function unadmit(admission: Admission, destination: string): void {
    if (admission === 'start') {
      startsPending = Math.max(0, startsPending - 1);
      limiter.release(destination);
    } else waitsPending = Math.max(0, waitsPending - 1);
  }

  function forgetWaiting(id: string): void {
    for (const [destination, line] of waiting) {
      const at = line.findIndex((job) => spec.describe(job.leased).lease.id === id);
      if (at < 0) continue;
      line.splice(at, 1);
      waitingCount -= 1;
      if (line.length === 0) waiting.delete(destination);
      return;
    }
  }

  function startOne(leased: Leased, context: Context): Promise<Outcome> {
    const { lease, candidate } = spec.describe(leased);
    const request = new AbortController();
    requests.set(lease.id, request);
    let done = false;
    requesting += 1;
    const job = spec.work(leased, context, {
      signal: AbortSignal.any([abort.signal, request.signal]),
      requestDone: () => {
        if (done) return;
        done = true;
        requesting -= 1;
        limiter.release(candidate.endpointId);
        heartbeat.release(lease.id);
        requests.delete(lease.id);
        startWaiting();
      },
      record: (completion) => {
        const due = spec.dueAtOf(completion);
        if (due !== null && due <= clock.now()) backlog = true;
        return completions.record(completion, running);
      },
      abandoned: () => abandoned,
    });
    inFlight.add(job);
    void job.finally(() => {
      inFlight.delete(job);
      startWaiting();
      if (running && backlog && worthARound()) pump.kick();
    });
    return job;
  }

  /** Starts waiting jobs while there are free slots (their destination's and the worker's). */
  function startWaiting(): void {
    if (stopped || waitingCount === 0) return;
    for (const [destination, line] of waiting) {
      while (line.length > 0 && room() > 0) {
        const next = line[0] as WaitingJob<Leased, Context>;
        if (!limiter.admit(spec.describe(next.leased).candidate)) break;
        line.shift();
        waitingCount -= 1;
        startOne(next.leased, next.context);
      }
      if (line.length === 0) waiting.delete(destination);
      if (room() <= 0) return;
    }
  }

  /**
   * Takes over arrived jobs: opens their batch's context, holds their leases, starts the ones admitted to
   * start and lines up the others. `admissions` says how each was admitted; any left over (a job that did
   * not arrive: deleted between lease and read) give back what they set aside.
   */
  async function accept(
    batch: readonly Leased[],
    admissionOf: (leased: Leased) => Admission,
    leftOver: () => void,
  ): Promise<Promise<Outcome>[]> {
    let contextOf: (leased: Leased) => Context;
    try {
      contextOf = batch.length === 0 ? () => undefined as Context : await spec.prepare(batch, clock.now());
    } catch (error) {
      // The leases expire and the jobs are taken again; only this worker's places need giving back.
      for (const leased of batch) unadmit(admissionOf(leased), spec.describe(leased).candidate.endpointId);
      leftOver();
      throw error;
    }
    const started: Promise<Outcome>[] = [];
    for (const leased of batch) {
      const { lease, candidate } = spec.describe(leased);
      const admission = admissionOf(leased);
      // After a crash nothing starts; after a stop nothing waits (it would never start): such a job stays
      // leased, and is released with the owner's other leases or expires.
      if (abandoned || (stopped && admission === 'wait')) {
        unadmit(admission, candidate.endpointId);
        continue;
      }
      heartbeat.hold(lease);
      if (admission === 'start') {
        startsPending = Math.max(0, startsPending - 1);
        started.push(startOne(leased, contextOf(leased)));
      } else {
        waitsPending = Math.max(0, waitsPending - 1);
        const line = waiting.get(candidate.endpointId) ?? [];
        line.push({ leased, context: contextOf(leased) });
        waiting.set(candidate.endpointId, line);
        waitingCount += 1;
      }
    }
    leftOver();
    startWaiting();
    return started;
  }

  /** One lease round: resolves with how many jobs were leased and the ones started at once. */
  async function leaseAndStart(limit: number): Promise<{ leased: number; started: Promise<Outcome>[] }> {
    const admissions = new Map<string, Admission>();
    const destinations = new Map<string, string>();
    const leftOver = (): void => {
      for (const [id, admission] of admissions) unadmit(admission, destinations.get(id) ?? '');
      admissions.clear();
    };
    let batch: readonly Leased[];
    let refused = 0;
    const exclude = waitRoom() > 0 ? limiter.blocked() : limiter.saturated();
    try {
      batch = await spec.lease({
        now: clock.now(),
        limit,
        leaseMs: spec.leaseMs,
        owner: spec.owner,
        // With waiting places left, a destination at its in-flight limit may still be leased (to wait).
        exclude,
        admit: (candidate) => {
          const admission = admit(candidate);
          if (admission === null) {
            refused += 1;
            return false;
          }
          admissions.set(candidate.deliveryId, admission);
          destinations.set(candidate.deliveryId, candidate.endpointId);
          return true;
        },
      });
    } catch (error) {
      leftOver();
      throw error;
    }
    backlog = batch.length >= limit || refused > 0 || exclude.length > 0;
    const admissionOf = (leased: Leased): Admission => {
      const id = spec.describe(leased).lease.id;
      const admission = admissions.get(id) ?? 'start';
      admissions.delete(id);
      return admission;
    };
    return { leased: batch.length, started: await accept(batch, admissionOf, leftOver) };
  }

  /** Starts the jobs handed over during this event-loop turn together (one context query). */
  function acceptHandedOver(): void {
    const batch = handedOver;
    handedOver = [];
    const admissionOf = (leased: Leased): Admission => {
      const token = spec.describe(leased).lease.token;
      const admission = reservations.get(token)?.admission ?? 'start';
      reservations.delete(token);
      return admission;
    };
    if (!running) {
      // Stopped between reserve and commit: the jobs stay leased and are taken again after the lease.
      for (const leased of batch) unadmit(admissionOf(leased), spec.describe(leased).candidate.endpointId);
      return;
    }
    accept(batch, admissionOf, () => {}).catch((error: unknown) =>
      logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, `${spec.name} handoff failed`),
    );
  }

  const pump = createPump(
    {
      logger,
      pollIntervalMs: spec.pollIntervalMs,
      running: () => running,
      room: () => room() + Math.max(0, waitRoom()),
      leaseAndStart: async (limit) => (await leaseAndStart(limit)).leased,
      ...(spec.recheckIn !== undefined && { recheckIn: spec.recheckIn }),
    },
    spec.batchSize,
  );

  return {
    async runOnce() {
      const round = await leaseAndStart(Math.min(spec.batchSize, room() + Math.max(0, waitRoom())));
      return Promise.all(round.started);
    },
    start() {
      if (running || abandoned) return;
      running = true;
      stopped = false;
      pump.kick();
    },
    notify() {
      // Work was queued in the store: a round takes it now if there is room, else once a batch's worth frees.
      backlog = true;
      if (worthARound()) pump.kick();
    },
    async stop(options = {}) {
      running = false;
      stopped = true;
      pump.halt();
      const unstarted: JobLease[] = [];
      for (const line of waiting.values()) {
        for (const job of line) {
          const { lease } = spec.describe(job.leased);
          heartbeat.release(lease.id);
          unstarted.push(lease);
        }
      }
      waiting.clear();
      waitingCount = 0;
      if (options.abandon === true) {
        // A simulated crash: nothing more is written and nothing renewed, so the leases simply expire.
        abandoned = true;
        const stopped = heartbeat.stop();
        completions.drop();
        abort.abort();
        await stopped;
      } else completions.flush();
      await Promise.allSettled([...inFlight]);
      completions.flush();
      await heartbeat.stop();
      if (abandoned) return;
      await spec.release(spec.owner, clock.now(), unstarted).catch(() => 0);
    },
    inFlight: () => inFlight.size,
    waiting: () => waitingCount,
    reserve(candidate) {
      if (!running) return null;
      // Cluster-wide limits are decided in the leasing transaction: such a job is queued and leased.
      if (limiter.enforcedByStore(candidate)) return null;
      const admission = admit(candidate);
      if (admission === null) return null;
      const token = randomUUID();
      reservations.set(token, { admission, destination: candidate.endpointId });
      return { token, owner: spec.owner, until: clock.now() + spec.leaseMs };
    },
    cancel(token) {
      const reservation = reservations.get(token);
      if (reservation === undefined) return;
      reservations.delete(token);
      unadmit(reservation.admission, reservation.destination);
    },
    handoff(leased) {
      if (leased.length === 0) return;
      if (handedOver.push(...leased) === leased.length) setImmediate(acceptHandedOver);
    },
  };
}
