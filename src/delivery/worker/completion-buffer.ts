import type { DeliveryCompletion } from '../../store/index.ts';

/** What recording a completion yielded (`dropped`: the worker was abandoned before it was written). */
export type RecordResult = 'applied' | 'lease_lost' | 'dropped';

/** Collects completions and writes them in batches. */
export interface CompletionBuffer<Completion = DeliveryCompletion> {
  /** Records a completion: at once when `linger` is false, else with the next flush. */
  record(completion: Completion, linger: boolean): Promise<RecordResult>;
  /** Writes everything collected now (one group-commit transaction). */
  flush(): void;
  /** Forgets everything collected without writing it (a simulated crash). */
  drop(): void;
}

interface Pending<Completion> {
  readonly completion: Completion;
  readonly resolve: (result: RecordResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Creates the buffer. Lingering trades a few milliseconds of delay in the delivery *log* (the receiver has
 * its request already) for far fewer commits: with SQLite's fully synced commits every transaction costs
 * an fsync, so completions arriving one by one are written together every `flushMs` or `maxBatch`. A
 * crash loses at most the unwritten completions, whose jobs are then sent again after their lease
 * (at-least-once, as for any crash mid-delivery).
 */
export function createCompletionBuffer<Completion = DeliveryCompletion>(
  complete: (completion: Completion) => Promise<'applied' | 'lease_lost'>,
  flushMs: number,
  maxBatch: number,
): CompletionBuffer<Completion> {
  let pending: Pending<Completion>[] = [];
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    // Submitted in one tick, so the store's group commit writes them in one transaction.
    for (const item of batch) complete(item.completion).then(item.resolve, item.reject);
  }

  return {
    record(completion, linger) {
      if (!linger) return complete(completion);
      return new Promise<RecordResult>((resolve, reject) => {
        pending.push({ completion, resolve, reject });
        if (pending.length >= maxBatch) flush();
        else if (timer === undefined) {
          timer = setTimeout(flush, flushMs);
          timer.unref();
        }
      });
    },
    flush,
    drop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      for (const item of pending.splice(0)) item.resolve('dropped');
    },
  };
}
