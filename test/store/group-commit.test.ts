import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GroupCommitQueue } from '../../src/store/group-commit.ts';

/** Thrown for a negative item: the kind of failure one item can cause. */
class BadItemError extends Error {}

/** Retries item by item only for BadItemError. */
const isBadItem = (error: unknown): boolean => error instanceof BadItemError;

/**
 * A committer that doubles numbers and records its batches. A negative item fails its batch with
 * BadItemError; NaN fails it the way a lost connection would.
 */
function doublingCommitter(): {
  batches: number[][];
  commit: (items: readonly number[]) => Promise<number[]>;
} {
  const batches: number[][] = [];
  return {
    batches,
    async commit(items) {
      batches.push([...items]);
      await new Promise((resolve) => setImmediate(resolve));
      if (items.some((item) => item < 0)) throw new BadItemError(`negative in batch of ${items.length}`);
      if (items.some(Number.isNaN)) throw new Error('connection lost');
      return items.map((item) => item * 2);
    },
  };
}

describe('GroupCommitQueue', () => {
  test('items submitted together are committed in one batch, results in order', async () => {
    const { batches, commit } = doublingCommitter();
    const queue = new GroupCommitQueue(commit, 256, isBadItem);
    const results = await Promise.all([1, 2, 3, 4].map((item) => queue.submit(item)));
    assert.deepEqual(results, [2, 4, 6, 8]);
    assert.deepEqual(batches, [[1, 2, 3, 4]]);
  });

  test('batches are capped at maxBatchSize', async () => {
    const { batches, commit } = doublingCommitter();
    const queue = new GroupCommitQueue(commit, 256, isBadItem);
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => queue.submit(i)));
    assert.equal(results[599], 1198);
    assert.deepEqual(
      batches.map((batch) => batch.length),
      [256, 256, 88],
    );
  });

  test('a failed batch is retried item by item: only the bad item is rejected', async () => {
    const { batches, commit } = doublingCommitter();
    const queue = new GroupCommitQueue(commit, 256, isBadItem);
    const settled = await Promise.allSettled([5, -1, 7].map((item) => queue.submit(item)));
    assert.deepEqual(
      settled.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected')),
      [10, 'rejected', 14],
    );
    assert.deepEqual(batches, [[5, -1, 7], [5], [-1], [7]]);
  });

  test('an infrastructure failure rejects the whole batch at once, without item retries', async () => {
    const { batches, commit } = doublingCommitter();
    const queue = new GroupCommitQueue(commit, 256, isBadItem);
    const settled = await Promise.allSettled([1, Number.NaN, 3].map((item) => queue.submit(item)));
    assert.deepEqual(
      settled.map((s) => s.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal(batches.length, 1);
  });

  test('an item submitted as a batch settles is committed too', async () => {
    const { commit } = doublingCommitter();
    const queue = new GroupCommitQueue(commit, 256, isBadItem);
    const chained = await queue.submit(1).then(() => queue.submit(2));
    assert.equal(chained, 4);
  });

  test('close() waits for queued items, then refuses new ones', async () => {
    const { commit } = doublingCommitter();
    const queue = new GroupCommitQueue(commit, 2, isBadItem);
    const pending = [1, 2, 3].map((item) => queue.submit(item));
    await queue.close();
    assert.deepEqual(await Promise.all(pending), [2, 4, 6]);
    await assert.rejects(queue.submit(4), /closed/);
  });
});
