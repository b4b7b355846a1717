import type { Clock } from '../core/clock.ts';
import type { MessagePublisher } from '../delivery/message-publisher.ts';
import type { Logger } from '../observability/logger.ts';
import { isStoreUnavailable } from '../store/store-errors.ts';
import type { HistoryRecord, Store } from '../store/types.ts';
import { type AcceptedEvent, JobSource, type JobSourceOptions } from './job-source.ts';
import { type BatchSummary, processBatch } from './process-batch.ts';
import { createTransformRunner, type TransformLimits, type TransformRunner } from './transform-runner.ts';

/** Tuning of the processing worker; every field has a default. */
export interface ProcessingWorkerOptions extends JobSourceOptions {
  /** Connections processed at the same time within a batch (default 4). */
  readonly concurrency: number;
  /** Attempts before an event that keeps throwing is given up with outcome ERROR (default 5). */
  readonly maxAttempts: number;
  /** How often a started worker scans the store for missed events (default 30 s). */
  readonly pollIntervalMs: number;
  /** Limits of the transform sandbox (used when no `transforms` runner is injected). */
  readonly transform: Partial<TransformLimits>;
}

/** What the worker needs; all injected. */
export interface ProcessingWorkerDeps {
  readonly store: Store;
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

const DEFAULTS: ProcessingWorkerOptions = {
  batchSize: 100,
  leaseMs: 5 * 60_000,
  settleMs: 5 * 60_000,
  maxPending: 10_000,
  concurrency: 4,
  maxAttempts: 5,
  pollIntervalMs: 30_000,
  transform: {},
};

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
 * nothing is processed twice. Drains run one at a time; nudges arriving meanwhile are coalesced.
 */
export function createProcessingWorker(deps: ProcessingWorkerDeps): ProcessingWorker {
  const options = { ...DEFAULTS, ...deps.options };
  const ownTransforms = deps.transforms === undefined;
  const transforms = deps.transforms ?? createTransformRunner(options.transform);
  const source = new JobSource(deps.store, deps.clock, options);
  const eventDeps = { ...deps, transforms };
  const batchOptions = { ...options, onHistoryUpdated: deps.onHistoryUpdated };
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: { wants: { scan: boolean }; promise: Promise<BatchSummary> } | null = null;

  /** Claims and processes batches until there is nothing left to claim. */
  const drain = async (scan: boolean): Promise<BatchSummary> => {
    let total: BatchSummary = { processed: 0, failed: 0, retrying: 0 };
    for (;;) {
      const jobs = [...(await source.claimNudged()), ...(scan ? await source.claimScanned() : [])];
      if (jobs.length === 0) return total;
      total = add(total, await processBatch(jobs, eventDeps, batchOptions));
    }
  };

  /** Queues a drain after the current one; a drain not yet started absorbs later requests. */
  const schedule = (scan: boolean): Promise<BatchSummary> => {
    if (queued !== null) {
      queued.wants.scan ||= scan;
      return queued.promise;
    }
    const wants = { scan };
    const promise = chain.then(() => {
      queued = null;
      return drain(wants.scan);
    });
    queued = { wants, promise };
    chain = promise.catch(() => undefined);
    return promise;
  };

  // A drain that fails is not retried at once: the next nudge or scan (every `pollIntervalMs`) picks the
  // work up again, so an unreachable store costs one failed drain per interval, logged quietly (the
  // store's health logs the outage once).
  const background = (scan: boolean) => {
    schedule(scan).catch((error: unknown) => {
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
      background(true);
      timer = setInterval(() => background(true), options.pollIntervalMs);
      timer.unref();
    },
    async stop() {
      started = false;
      clearInterval(timer);
      await chain;
      if (ownTransforms) await transforms.close();
    },
    nudge(accepted) {
      if (accepted !== undefined) source.remember(accepted);
      if (started) background(false);
    },
    wake() {
      if (started) background(true);
    },
    get backlog() {
      return source.pending;
    },
    runOnce: () => schedule(true),
  };
}
