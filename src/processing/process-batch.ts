import { outcomeMessage } from '../errors/index.ts';
import type {
  HistoryRecord,
  ProcessedEvent,
  ProcessingJob,
  ProcessingQueueRepository,
} from '../store/index.ts';
import { type ConnectionSetup, type EventDeps, loadSetup, processEvent } from './process-event.ts';

/** What processing a batch needs: processing its events, then committing their results and renewing claims. */
export type BatchDeps = EventDeps & {
  readonly store: { readonly processing: Pick<ProcessingQueueRepository, 'finishJobs' | 'renewJobs'> };
};

/** What a batch did. */
export interface BatchSummary {
  /** Events whose result was committed (including those that gave up: `failed`). */
  readonly processed: number;
  /** Events that gave up after their last attempt (history outcome ERROR). */
  readonly failed: number;
  /** Events that threw and will be claimed again after their lease. */
  readonly retrying: number;
}

/** How a batch is run. */
export interface BatchOptions {
  /** Connections whose events are processed at the same time. */
  readonly concurrency: number;
  /** After this many attempts an event that keeps throwing is given up (`failed`, outcome ERROR). */
  readonly maxAttempts: number;
  /** How long an event that threw keeps its claim before it is tried again. */
  readonly retryDelayMs: number;
  /** Told about every history row whose outcome was updated (e.g. the live tail). */
  readonly onHistoryUpdated?: ((row: HistoryRecord) => void) | undefined;
}

/** The result recorded for an event that keeps failing. */
function givenUp(job: ProcessingJob, error: unknown): ProcessedEvent {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    eventId: job.eventId,
    historyId: job.historyId,
    leaseToken: job.leaseToken,
    outcome: 'ERROR',
    message: outcomeMessage('ERROR', `Processing failed after ${job.attempts} attempts: ${reason}`),
    contactId: null,
    state: 'failed',
    runs: [],
  };
}

/**
 * Processes claimed jobs, then commits all their results in one transaction
 * (`finishJobs`: runs, history outcomes, job states). Events of one connection are processed one after
 * the other in claim order (so "capture next sample" takes the first, and flows publish in order);
 * `concurrency` connections at a time. An event that throws stays claimed and is retried after
 * `retryDelayMs`, until `maxAttempts`. If the commit itself fails, every job of the batch is retried after
 * its lease.
 */
export async function processBatch(
  jobs: readonly ProcessingJob[],
  deps: BatchDeps,
  options: BatchOptions,
): Promise<BatchSummary> {
  const results: ProcessedEvent[] = [];
  const retrying: ProcessingJob[] = [];
  const setups = new Map<string, Promise<ConnectionSetup>>();
  const setupOf = (connectionId: string) => () => {
    let setup = setups.get(connectionId);
    if (setup === undefined) {
      setup = loadSetup(connectionId, deps.store);
      setups.set(connectionId, setup);
    }
    return setup;
  };
  const processOne = async (job: ProcessingJob) => {
    try {
      results.push(await processEvent(job, deps, setupOf(job.connectionId)));
    } catch (error) {
      if (job.attempts >= options.maxAttempts) {
        results.push(givenUp(job, error));
        return;
      }
      retrying.push(job);
      const err = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ eventId: job.eventId, attempt: job.attempts, err }, 'processing failed; will retry');
    }
  };
  const byConnection = new Map<string, ProcessingJob[]>();
  for (const job of jobs) {
    const lane = byConnection.get(job.connectionId);
    if (lane === undefined) byConnection.set(job.connectionId, [job]);
    else lane.push(job);
  }
  const lanes = [...byConnection.values()];
  let next = 0;
  const worker = async () => {
    for (let lane = lanes[next++]; lane !== undefined; lane = lanes[next++]) {
      for (const job of lane) await processOne(job);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const now = deps.clock.now();
  const updated = await deps.store.processing.finishJobs(results, now);
  for (const row of updated) options.onHistoryUpdated?.(row);
  // The claim of an event that threw is kept (and no longer renewed) until its retry is due.
  await deps.store.processing.renewJobs(
    retrying.map(({ eventId, leaseToken }) => ({ eventId, leaseToken })),
    now + options.retryDelayMs,
  );
  const failed = results.filter((result) => result.state === 'failed').length;
  return { processed: results.length, failed, retrying: retrying.length };
}
