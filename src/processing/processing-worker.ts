import type { Clock } from '../core/index.ts';
import { createLeaseHeartbeat } from '../core/index.ts';
import type { MessagePublisher } from '../delivery/index.ts';
import type { Logger } from '../observability/index.ts';
import type { HistoryRecord, ProcessingJob } from '../store/index.ts';
import { isStoreUnavailable } from '../store/index.ts';
import { type AcceptedEvent, JobSource, type JobSourceOptions, type JobSourceStore } from './job-source.ts';
import { type BatchDeps, type BatchSummary, processBatch } from './process-batch.ts';
import { createTransformRunner, type TransformLimits, type TransformRunner } from './transform-runner.ts';

/** Tuning of the processing worker; every field has a default. */
export interface ProcessingWorkerOptions extends JobSourceOptions {
  /** Connections processed at the same time within a batch (default 4). */
  readonly concurrency: number;
  /** Attempts before an event that keeps throwing is given up with outcome ERROR (default 5). */
  readonly maxAttempts: number;
  /** How often a started worker scans the store for missed events (default 30 s). */
  readonly pollIntervalMs: number;
  /**
   * How often a started worker looks for claims whose lease ran out (a crashed instance's events;
   * default 3 s, so they are taken over within `leaseMs` + this).
   */
  readonly reclaimIntervalMs: number;
  /** How often the claims of the batch in progress are renewed (default a third of `leaseMs`). */
  readonly heartbeatMs: number;
  /** How long an event that threw waits before it is tried again (default 5 min). */
  readonly retryDelayMs: number;
  /** Limits of the transform sandbox (used when no `transforms` runner is injected). */
  readonly transform: Partial<TransformLimits>;
}

/** What the worker needs; all injected. */
export interface ProcessingWorkerDeps {
  readonly store: JobSourceStore & BatchDeps['store'];
  readonly clock: Clock;
  readonly publisher: MessagePublisher;
  readonly logger: Logger;
  /** The transform sandbox; by default the worker creates (and on `stop` closes) its own. */
  readonly transforms?: TransformRunner;
  /** Told about every history row processing updated (wire the live tail's bus here). */
  readonly onHistoryUpdated?: (row: HistoryRecord) => void;
  readonly options?: Partial<ProcessingWorkerOptions>;
}

/** The inbound processing worker. */
export interface ProcessingWorker {
  /** Scans for missed events now and every `pollIntervalMs`, and processes nudged events as they come. */
  start(): void;
  /** Stops scanning, waits for the batch in progress, closes its own transform sandbox. */
  stop(): Promise<void>;
  /** Tells the worker an event was accepted (`onAccepted`); without `start` it is kept for `runOnce`. */
  nudge(accepted?: AcceptedEvent): void;
  /** Scans the store now (another instance has more accepted events than it can take at once). */
  wake(): void;
  /** Nudged events waiting here to be claimed: more than a batch means this instance is behind. */
  readonly backlog: number;
  /** Processes everything available now (nudged, unclaimed, expired claims) and resolves when done. */
  runOnce(): Promise<BatchSummary>;
}

/** Default claim length: short, since a heartbeat renews the claims while their batch runs. */
const LEASE_MS = 15_000;

const DEFAULTS: ProcessingWorkerOptions = {
  batchSize: 100,
  leaseMs: LEASE_MS,
  settleMs: 5 * 60_000,
  maxPending: 10_000,
  concurrency: 4,
  maxAttempts: 5,
  pollIntervalMs: 30_000,
  reclaimIntervalMs: 3_000,
  heartbeatMs: LEASE_MS / 3,
  retryDelayMs: 5 * 60_000,
  transform: {},
};

/** How much a drain looks for besides nudged events: claims whose lease ran out, and then a full scan. */
type DrainDepth = 'nudged' | 'expired' | 'scan';
const DEPTHS: readonly DrainDepth[] = ['nudged', 'expired', 'scan'];
const deeper = (a: DrainDepth, b: DrainDepth): DrainDepth => (DEPTHS.indexOf(a) > DEPTHS.indexOf(b) ? a : b);

/** Adds two summaries. */
function add(a: BatchSummary, b: BatchSummary): BatchSummary {
  return {
    processed: a.processed + b.processed,
    failed: a.failed + b.failed,
    retrying: a.retrying + b.retrying,
  };
}

/**
 * Creates the worker that processes accepted events after the 202 (schema capture, contacts, flows). The
 * store is the source of truth: events are claimed in `processing_jobs` (one claimant wins, across
 * processes), so nothing accepted is lost when hookgate stops between the commit and the processing, and
 * nothing is processed twice. Claims are short leases renewed by a heartbeat while their batch runs: a
 * crashed instance's claims are taken over by another within `leaseMs` + `reclaimIntervalMs`, and a
 * result whose claim was taken over meanwhile is not committed. Drains run one at a time; nudges arriving
 * meanwhile are coalesced.
 */
export function createProcessingWorker(deps: ProcessingWorkerDeps): ProcessingWorker {
  const options = {
    ...DEFAULTS,
    ...(deps.options?.leaseMs !== undefined && { heartbeatMs: deps.options.leaseMs / 3 }),
    ...deps.options,
  };
  const ownTransforms = deps.transforms === undefined;
  const transforms = deps.transforms ?? createTransformRunner(options.transform);
  const source = new JobSource(deps.store, deps.clock, options);
  const eventDeps = { ...deps, transforms };
  const batchOptions = { ...options, onHistoryUpdated: deps.onHistoryUpdated };
  const heartbeat = createLeaseHeartbeat({
    intervalMs: options.heartbeatMs,
    renew: (leases) =>
      deps.store.processing.renewJobs(
        leases.map((lease) => ({ eventId: lease.id, leaseToken: lease.token })),
        deps.clock.now() + options.leaseMs,
      ),
    onLost: (lease) =>
      deps.logger.warn({ eventId: lease.id }, 'processing claim taken over; its result will not be kept'),
    onError: (error) =>
      deps.logger[isStoreUnavailable(error) ? 'debug' : 'warn'](
        { err: error instanceof Error ? error.message : String(error) },
        'processing claim renewal failed',
      ),
  });
  let started = false;
  let timers: NodeJS.Timeout[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let queued: { wants: { depth: DrainDepth }; promise: Promise<BatchSummary> } | null = null;

  /** Processes one batch while the heartbeat keeps its claims alive. */
  const work = async (jobs: ProcessingJob[]): Promise<BatchSummary> => {
    for (const job of jobs) heartbeat.hold({ id: job.eventId, token: job.leaseToken });
    try {
      return await processBatch(jobs, eventDeps, batchOptions);
    } finally {
      for (const job of jobs) heartbeat.release(job.eventId);
    }
  };

  /** Claims and processes batches until there is nothing left to claim. */
  const drain = async (depth: DrainDepth): Promise<BatchSummary> => {
    let total: BatchSummary = { processed: 0, failed: 0, retrying: 0 };
    for (;;) {
      const jobs = [
        ...(await source.claimNudged()),
        ...(depth !== 'nudged' ? await source.claimExpired() : []),
        ...(depth === 'scan' ? await source.claimUnclaimed() : []),
      ];
      if (jobs.length === 0) return total;
      total = add(total, await work(jobs));
    }
  };

  /** Queues a drain after the current one; a drain not yet started absorbs later requests. */
  const schedule = (depth: DrainDepth): Promise<BatchSummary> => {
    if (queued !== null) {
      queued.wants.depth = deeper(queued.wants.depth, depth);
      return queued.promise;
    }
    const wants = { depth };
    const promise = chain.then(() => {
      queued = null;
      return drain(wants.depth);
    });
    queued = { wants, promise };
    chain = promise.catch(() => undefined);
    return promise;
  };

  // A drain that fails is not retried at once: the next nudge, reclaim (every `reclaimIntervalMs`) or scan
  // (every `pollIntervalMs`) picks the work up again, so an unreachable store costs one failed drain per
  // interval, logged quietly (the store's health logs the outage once).
  const background = (depth: DrainDepth) => {
    // A drain already queued absorbs this request, and its failure is logged by the call that queued it
    // (nudged once per accepted event, a catch per call would add a promise per event and log one failure
    // as often as it was nudged).
    const absorbed = queued?.promise;
    const drain = schedule(depth);
    if (drain === absorbed) return;
    drain.catch((error: unknown) => {
      const level = isStoreUnavailable(error) ? 'debug' : 'error';
      deps.logger[level](
        { err: error instanceof Error ? error.message : String(error) },
        'processing drain failed',
      );
    });
  };

  return {
    start() {
      if (started) return;
      started = true;
      background('scan');
      timers = [
        setInterval(() => background('scan'), options.pollIntervalMs),
        setInterval(() => background('expired'), options.reclaimIntervalMs),
      ];
      for (const timer of timers) timer.unref();
    },
    async stop() {
      started = false;
      for (const timer of timers) clearInterval(timer);
      await chain;
      await heartbeat.stop();
      if (ownTransforms) await transforms.close();
    },
    nudge(accepted) {
      if (accepted !== undefined) source.remember(accepted);
      if (started) background('nudged');
    },
    wake() {
      if (started) background('scan');
    },
    get backlog() {
      return source.pending;
    },
    runOnce: () => schedule('scan'),
  };
}
