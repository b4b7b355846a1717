import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors.ts';
import type { ForwardChange, HistoryRow } from '../api/types.ts';
import { useApi, useErrorHandler } from './api-context.tsx';

export type LiveState = 'paused' | 'connecting' | 'live' | 'retrying' | 'unavailable';

const RETRY_MS = 3000;

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Follows `GET /api/v1/history/stream` while `enabled`: fetch streaming with the admin token in the
 * Authorization header (EventSource cannot send one). Reconnects after network drops, resuming after the
 * last row it got (`Last-Event-ID`) so rows committed meanwhile still arrive; gives up on 4xx. `onForward`
 * hears each forward whose state changed (its row shows the new state without a reload).
 */
export function useLiveTail(
  connectionId: string | undefined,
  enabled: boolean,
  onRow: (row: HistoryRow) => void,
  onForward?: (change: ForwardChange) => void,
): { state: LiveState; error: string | null } {
  const api = useApi();
  const handleError = useErrorHandler();
  const [state, setState] = useState<LiveState>(enabled ? 'connecting' : 'paused');
  const [error, setError] = useState<string | null>(null);
  const latestOnRow = useRef(onRow);
  latestOnRow.current = onRow;
  const latestOnForward = useRef(onForward);
  latestOnForward.current = onForward;

  useEffect(() => {
    if (!enabled) {
      setState('paused');
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    async function follow() {
      let lastEventId: string | undefined;
      while (!signal.aborted) {
        setState((s) => (s === 'retrying' ? s : 'connecting'));
        try {
          await api.streamHistory(
            connectionId,
            signal,
            (row, id) => {
              lastEventId = id ?? lastEventId;
              latestOnRow.current(row);
            },
            () => {
              setState('live');
              setError(null);
            },
            lastEventId,
            (change) => latestOnForward.current?.(change),
          );
        } catch (err) {
          if (signal.aborted) return;
          const message = handleError(err);
          if (err instanceof ApiError && err.status < 500) {
            setState('unavailable');
            setError(message);
            return;
          }
          setError(message);
        }
        if (signal.aborted) return;
        setState('retrying');
        await wait(RETRY_MS, signal);
      }
    }
    void follow();
    return () => controller.abort();
  }, [api, handleError, connectionId, enabled]);

  return { state, error };
}
