import type { Clock } from '../core/index.ts';
import type { ProcessingJob, ProcessingQueueRepository } from '../store/index.ts';

/** What the job source uses of the store: claiming, reclaiming and scanning the processing queue. */
export interface JobSourceStore {
  readonly processing: Pick<
    ProcessingQueueRepository,
    'inProcessing' | 'claimJobs' | 'reclaimExpired' | 'getScanFloor' | 'findUnclaimed' | 'setScanFloor'
  >;
}

/** An event the ingest accepted (what `onAccepted` reports). */
export interface AcceptedEvent {
  readonly eventId: string;
  readonly historyId: string;
  readonly connectionId: string;
}

/** Timing of claims and scans. */
export interface JobSourceOptions {
  /** Jobs claimed at a time. */
  readonly batchSize: number;
  /** How long a claim lasts before another worker may take the job over. */
  readonly leaseMs: number;
  /**
   * The longest time between an event's receipt and its commit: the scan looks this far behind the newest
   * point it has fully covered, so an event committed late is still found.
   */
  readonly settleMs: number;
  /** Most nudged events remembered; beyond it they are left to the next scan. */
  readonly maxPending: number;
}

/**
 * Where jobs come from: events nudged by the ingest (claimed directly, for connections that take part in
 * processing; plain gateway connections cost nothing here), and a scan of the store for accepted
 * events nobody claimed (after a crash, or from another instance that died) plus claims whose lease ran out.
 * The scan starts at a persisted floor that only moves forward: to the oldest unclaimed event it found, at
 * most `now - settleMs`.
 */
export class JobSource {
  readonly #store: JobSourceStore;
  readonly #clock: Clock;
  readonly #options: JobSourceOptions;
  readonly #pending = new Map<string, AcceptedEvent>();

  /** @param store the store; @param clock time source; @param options batch, lease, settle, pending limit. */
  constructor(store: JobSourceStore, clock: Clock, options: JobSourceOptions) {
    this.#store = store;
    this.#clock = clock;
    this.#options = options;
  }

  /** How many nudged events wait to be claimed here. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Remembers a nudged event (dropped when too many are waiting: the scan finds it). */
  remember(accepted: AcceptedEvent): void {
    if (this.#pending.size < this.#options.maxPending) this.#pending.set(accepted.eventId, accepted);
  }

  /** Claims up to a batch of nudged events. */
  async claimNudged(): Promise<ProcessingJob[]> {
    const batch: AcceptedEvent[] = [];
    for (const accepted of this.#pending.values()) {
      if (batch.length >= this.#options.batchSize) break;
      batch.push(accepted);
    }
    for (const accepted of batch) this.#pending.delete(accepted.eventId);
    if (batch.length === 0) return [];
    const processing = this.#store.processing;
    const taking = await processing.inProcessing(batch.map((accepted) => accepted.connectionId));
    const jobs = batch.filter((accepted) => taking.has(accepted.connectionId));
    if (jobs.length === 0) return [];
    return processing.claimJobs(jobs, this.#clock.now() + this.#options.leaseMs);
  }

  /** Claims again up to a batch of claims whose lease ran out (their worker died). */
  async claimExpired(): Promise<ProcessingJob[]> {
    const now = this.#clock.now();
    return this.#store.processing.reclaimExpired(now, now + this.#options.leaseMs, this.#options.batchSize);
  }

  /** Claims up to a batch of unclaimed accepted events found by scanning from the persisted floor. */
  async claimUnclaimed(): Promise<ProcessingJob[]> {
    const processing = this.#store.processing;
    const now = this.#clock.now();
    const settled = now - this.#options.settleMs;
    const stored = await processing.getScanFloor();
    const floor = stored ?? settled;
    const found = await processing.findUnclaimed(floor, this.#options.batchSize);
    const oldest = found[0]?.receivedAt ?? Number.POSITIVE_INFINITY;
    const nextFloor = Math.max(floor, Math.min(oldest, settled));
    if (stored === null || nextFloor > stored) await processing.setScanFloor(nextFloor);
    return processing.claimJobs(found, now + this.#options.leaseMs);
  }
}
