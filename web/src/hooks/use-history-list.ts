import { useCallback, useEffect, useRef, useState } from 'react';
import type { ForwardChange, HistoryQuery, HistoryRow } from '../api/types.ts';
import { useApi, useErrorHandler } from './api-context.tsx';

function timeOf(row: HistoryRow): number {
  const time = new Date(row.receivedAt).getTime();
  return Number.isNaN(time) ? 0 : time;
}

/** Union of two row lists by id, newest first (the incoming copy of a row wins). */
function mergeRows(existing: readonly HistoryRow[], incoming: readonly HistoryRow[]): HistoryRow[] {
  const byId = new Map<string, HistoryRow>();
  for (const row of existing) byId.set(row.id, row);
  for (const row of incoming) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => timeOf(b) - timeOf(a));
}

/** Appends an older page below the rows already shown, skipping any already there. */
function appendPage(existing: readonly HistoryRow[], older: readonly HistoryRow[]): HistoryRow[] {
  const seen = new Set(existing.map((row) => row.id));
  return [...existing, ...older.filter((row) => !seen.has(row.id))];
}

const PAGE_SIZE = 50;

export interface HistoryList {
  readonly rows: readonly HistoryRow[];
  readonly loading: boolean;
  readonly loadingMore: boolean;
  readonly error: string | null;
  readonly hasMore: boolean;
  readonly loadMore: () => void;
  /** Refetches the newest page and merges it in (after a pause of the live tail). */
  readonly refresh: () => void;
  /** Adds a row from the live tail. */
  readonly addLive: (row: HistoryRow) => void;
  /** Shows a forward's new state (from the live tail) on the row of its event. */
  readonly updateForward: (change: ForwardChange) => void;
}

/** The rows with `change` applied to the row of its event (the same array when no row shows it). */
function withForward(rows: readonly HistoryRow[], change: ForwardChange): readonly HistoryRow[] {
  if (!rows.some((row) => row.eventId === change.eventId)) return rows;
  return rows.map((row) => (row.eventId === change.eventId ? { ...row, forward: change.forward } : row));
}

/** Whether a live row belongs in a list of `query` (the server's text search is not repeated here). */
function matchesLive(query: HistoryQuery, row: HistoryRow): boolean {
  if (query.outcome && row.outcome !== query.outcome) return false;
  if (query.connectionId && row.connectionId !== query.connectionId) return false;
  if (query.since && timeOf(row) < Date.parse(query.since)) return false;
  return true;
}

/** Newest-first history with cursor paging; resets when the query (the filters) changes. */
export function useHistoryList(query: HistoryQuery): HistoryList {
  const api = useApi();
  const handleError = useErrorHandler();
  const [rows, setRows] = useState<readonly HistoryRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  // One string per filter combination: the effects depend on it, not on the object's identity.
  const filterKey = JSON.stringify(query);
  const shownKey = useRef(filterKey);

  useEffect(() => {
    let cancelled = false;
    const filter = JSON.parse(filterKey) as HistoryQuery;
    // A new filter replaces the rows; a refresh (after a pause) merges into them.
    const reset = shownKey.current !== filterKey;
    shownKey.current = filterKey;
    if (reset) {
      setRows([]);
      setCursor(null);
      setLoading(true);
    }
    setError(null);
    api
      .listHistory({ ...filter, limit: PAGE_SIZE })
      .then((page) => {
        if (cancelled) return;
        setRows((previous) => (reset ? page.items : mergeRows(previous, page.items)));
        setCursor((previous) =>
          reset || refreshKey === 0 || previous === null ? page.nextCursor : previous,
        );
      })
      .catch((err: unknown) => !cancelled && setError(handleError(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [api, handleError, filterKey, refreshKey]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    setLoadingMore(true);
    const filter = JSON.parse(filterKey) as HistoryQuery;
    api
      .listHistory({ ...filter, limit: PAGE_SIZE, cursor })
      .then((page) => {
        setRows((previous) => appendPage(previous, page.items));
        setCursor(page.nextCursor);
      })
      .catch((err: unknown) => setError(handleError(err)))
      .finally(() => setLoadingMore(false));
  }, [api, handleError, filterKey, cursor]);

  const refresh = useCallback(() => setRefreshKey((key) => key + 1), []);
  const addLive = useCallback(
    (row: HistoryRow) => {
      if (!matchesLive(JSON.parse(filterKey) as HistoryQuery, row)) return;
      setRows((previous) => mergeRows(previous, [row]));
    },
    [filterKey],
  );

  const updateForward = useCallback((change: ForwardChange) => {
    setRows((previous) => withForward(previous, change));
  }, []);

  return {
    rows,
    loading,
    loadingMore,
    error,
    hasMore: cursor !== null,
    loadMore,
    refresh,
    addLive,
    updateForward,
  };
}
