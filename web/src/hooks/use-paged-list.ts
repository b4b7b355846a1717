import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../api/types.ts';
import { useErrorHandler } from './api-context.tsx';

export interface PagedList<T> {
  readonly items: readonly T[];
  /** True until the first page of the current query answered. */
  readonly loading: boolean;
  readonly error: string | null;
  readonly hasMore: boolean;
  readonly loadMore: () => void;
  /** Fetches the first page again (after an action changed the list). */
  readonly reload: () => void;
  /** Replaces the shown items (optimistic add, update or remove). */
  readonly update: (change: (items: readonly T[]) => readonly T[]) => void;
}

/**
 * A newest-first list read page by page with the API's cursor. `fetchPage` must be memoized: a new
 * function (another filter) starts over from the first page.
 */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): PagedList<T> {
  const handleError = useErrorHandler();
  const [items, setItems] = useState<readonly T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void reloadKey; // Reload fetches the first page again.
    setError(null);
    fetchPage(null)
      .then((page) => {
        if (cancelled) return;
        setItems(page.items);
        setCursor(page.nextCursor);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setItems([]);
        setCursor(null);
        setError(handleError(err));
      })
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [fetchPage, handleError, reloadKey]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    fetchPage(cursor)
      .then((page) => {
        setItems((previous) => [...previous, ...page.items]);
        setCursor(page.nextCursor);
        setError(null);
      })
      .catch((err: unknown) => setError(handleError(err)));
  }, [fetchPage, handleError, cursor]);

  const reload = useCallback(() => setReloadKey((key) => key + 1), []);
  const update = useCallback((change: (items: readonly T[]) => readonly T[]) => setItems(change), []);
  return { items, loading, error, hasMore: cursor !== null, loadMore, reload, update };
}
