import { useEffect, useState } from 'react';
import type { HistoryRow } from '../api/types.ts';
import { useApi } from './api-context.tsx';

const CONCURRENCY = 4;

/**
 * The newest history row of each connection (`GET /history?connectionId=&limit=1`), fetched a few at a
 * time. Missing entries are still loading; null means the connection has had no requests.
 */
export function useLastRequests(connectionIds: readonly string[]): ReadonlyMap<string, HistoryRow | null> {
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

  return rows;
}
