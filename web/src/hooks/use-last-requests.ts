import { useCallback, useEffect, useState } from 'react';
import type { HistoryRow } from '../api/types.ts';
import { useApi } from './api-context.tsx';

const CONCURRENCY = 4;

/**
 * The newest history row of each connection (`GET /history?connectionId=&limit=1`), fetched a few at a
 * time, then kept current from the live tail. Missing entries are still loading; null means no requests yet.
 */
export function useLastRequests(connectionIds: readonly string[]): {
  readonly rows: ReadonlyMap<string, HistoryRow | null>;
  /** Records a row from the live tail as its connection's newest request. */
  readonly update: (row: HistoryRow) => void;
} {
  const api = useApi();
  const [rows, setRows] = useState<ReadonlyMap<string, HistoryRow | null>>(new Map());
  const key = connectionIds.join(',');

  useEffect(() => {
    let cancelled = false;
    const queue = key ? key.split(',') : [];
    async function worker() {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const connectionId = id;
        try {
          const page = await api.listHistory({ connectionId, limit: 1 });
          if (cancelled) return;
          setRows((previous) => new Map(previous).set(connectionId, page.items[0] ?? null));
        } catch {
          // The column stays empty for this connection; the list itself still works.
        }
      }
    }
    for (let i = 0; i < CONCURRENCY; i += 1) void worker();
    return () => {
      cancelled = true;
    };
  }, [api, key]);

  const update = useCallback((row: HistoryRow) => {
    setRows((previous) => new Map(previous).set(row.connectionId, row));
  }, []);

  return { rows, update };
}
