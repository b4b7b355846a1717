/** Commits a batch of items in one transaction and returns one result per item, in item order. */
export type BatchCommitter<Item, Result> = (items: readonly Item[]) => Promise<readonly Result[]>;

interface QueuedItem<Item, Result> {
  readonly item: Item;
  readonly resolve: (result: Result) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Group commit: items submitted during one event-loop turn (and while a batch is committing) are
 * committed together, up to `maxBatchSize` per transaction, one transaction at a time. Each submitter
 * is settled only after its transaction commits. When a batch fails for a reason one item may have
 * caused (`isPerItemFailure`), its items are retried one per transaction, so one bad item rejects only
 * its own submitter; any other failure rejects every submitter of the batch with it.
 */
export class GroupCommitQueue<Item, Result> {
  readonly #commit: BatchCommitter<Item, Result>;
  readonly #maxBatchSize: number;
  readonly #isPerItemFailure: (error: unknown) => boolean;
  #queue: QueuedItem<Item, Result>[] = [];
  #scheduled = false;
  #running: Promise<void> | null = null;
  #closed = false;

  /**
   * @param commit runs one batch in one transaction.
   * @param maxBatchSize the largest batch.
   * @param isPerItemFailure whether a batch error is worth retrying item by item.
   */
  constructor(
    commit: BatchCommitter<Item, Result>,
    maxBatchSize: number,
    isPerItemFailure: (error: unknown) => boolean,
  ) {
    this.#commit = commit;
    this.#maxBatchSize = Math.max(1, Math.trunc(maxBatchSize));
    this.#isPerItemFailure = isPerItemFailure;
  }

  /** Queues an item; resolves with its result once its transaction has committed. */
  submit(item: Item): Promise<Result> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** Refuses new items and resolves once every queued item has been settled. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running !== null || this.#scheduled || this.#queue.length > 0) {
      await (this.#running ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#running !== null) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#running = this.#drain().finally(() => {
        this.#running = null;
        // Items submitted between the drain loop's last check and now would otherwise wait forever.
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatchSize);
      await this.#commitBatch(batch);
    }
  }

  async #commitBatch(batch: readonly QueuedItem<Item, Result>[]): Promise<void> {
    try {
      const results = await this.#commit(batch.map((queued) => queued.item));
      // Indexed: `entries()` would make an iterator and an [index, item] pair per item.
      for (let index = 0; index < batch.length; index += 1) {
        settle(batch[index] as QueuedItem<Item, Result>, results[index]);
      }
    } catch (error) {
      if (batch.length === 1 || !this.#isPerItemFailure(error)) {
        for (const queued of batch) queued.reject(error);
        return;
      }
      for (const queued of batch) {
        try {
          const [result] = await this.#commit([queued.item]);
          settle(queued, result);
        } catch (itemError) {
          queued.reject(itemError);
        }
      }
    }
  }
}

/** Resolves a submitter with its result, or rejects it when the committer returned too few results. */
function settle<Item, Result>(queued: QueuedItem<Item, Result>, result: Result | undefined): void {
  if (result === undefined) queued.reject(new Error('group commit returned no result for an item'));
  else queued.resolve(result);
}

/**
 * Every group-commit queue of one store (inbound writes, publishes, delivery and forward completions), so
 * the store's one `close()` drains them all before the database goes away.
 */
export class GroupCommitQueues {
  readonly #queues: { close(): Promise<void> }[] = [];

  /** A new queue (see `GroupCommitQueue`) that `closeAll` drains. */
  open<Item, Result>(
    commit: BatchCommitter<Item, Result>,
    maxBatchSize: number,
    isPerItemFailure: (error: unknown) => boolean,
  ): GroupCommitQueue<Item, Result> {
    const queue = new GroupCommitQueue(commit, maxBatchSize, isPerItemFailure);
    this.#queues.push(queue);
    return queue;
  }

  /** Refuses new items on every queue and resolves once every queued item has been settled. */
  async closeAll(): Promise<void> {
    await Promise.all(this.#queues.map((queue) => queue.close()));
  }
}
