import { createLruMap } from '../secrets/index.ts';
import type { HistoryRecord, InboundLogRepository } from '../store/index.ts';

/**
 * Folds identical refusals over the refusal limit into one history row: the first is recorded, the
 * following ones (same connection, outcome and message) add to its `repeatCount`, so a flood writes one
 * row instead of one per request.
 */
export interface RefusalFolds {
  /** Records `row`, or adds one to the row it is identical to; resolves with whether a new row was written. */
  fold(row: HistoryRecord): Promise<boolean>;
}

/** Creates the folds over `store`, remembering the row of the most recent `maxKeys` kinds of refusal. */
export function createRefusalFolds(
  store: Pick<InboundLogRepository, 'recordHistory' | 'addHistoryRepeats'>,
  maxKeys = 10_000,
): RefusalFolds {
  // The row id of each kind, as a promise: concurrent identical refusals wait for the first one's row.
  const rows = createLruMap<string, Promise<string | null>>(maxKeys);
  const recordNew = (key: string, row: HistoryRecord): Promise<boolean> => {
    const recorded = store.recordHistory(row).then(
      () => row.id,
      () => null,
    );
    rows.set(key, recorded);
    return recorded.then((id) => {
      if (id === null) throw new Error('history row could not be recorded');
      return true;
    });
  };
  return {
    async fold(row) {
      const key = JSON.stringify([row.connectionId, row.outcome, row.message]);
      const pending = rows.get(key);
      if (pending === undefined) return recordNew(key, row);
      const id = await pending;
      if (id !== null && (await store.addHistoryRepeats(id, 1))) return false;
      return recordNew(key, row);
    },
  };
}
