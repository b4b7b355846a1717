import { useState } from 'react';
import type { Connection } from '../api/types.ts';
import { useHistoryList } from '../hooks/use-history-list.ts';
import { type LiveState, useLiveTail } from '../hooks/use-live-tail.ts';
import { navigate, usePath, useSearch } from '../hooks/use-route.ts';
import { outcomeLabel } from '../lib/format.ts';
import {
  type HistoryFilters,
  historyQuery,
  narrowsBeyondLive,
  readHistoryFilters,
  writeHistoryFilters,
} from '../lib/history-filters.ts';
import { EmptyState, ErrorMessage, Loading } from './feedback.tsx';
import { HistoryDetail } from './history-detail.tsx';
import { HistoryFilterBar } from './history-filter-bar.tsx';
import { HistoryTable } from './history-table.tsx';
import { LoadMore } from './list-controls.tsx';

interface HistoryPanelProps {
  /** Only this connection's requests; all connections (with a connection filter) when absent. */
  readonly connectionId?: string;
  /** The connections known to the page: names in the table, inbound URL and auth for "copy as curl". */
  readonly connections: readonly Connection[];
  /** Shows the Connection column and filter (global history). */
  readonly showConnection?: boolean;
  readonly emptyHint: string;
}

/**
 * Filterable, pageable history with a pausable live tail and a request inspector beside the table. Every
 * filter and the open request live in the URL (see history-filters.ts).
 */
export function HistoryPanel({
  connectionId,
  connections,
  showConnection = false,
  emptyHint,
}: HistoryPanelProps) {
  const path = usePath();
  const search = useSearch();
  const filters = readHistoryFilters(search);
  const [live, setLive] = useState(true);
  const list = useHistoryList(historyQuery(filters, connectionId));
  // The live tail cannot apply an end date or the server's text search: it is off while they are set.
  const tailing = live && !narrowsBeyondLive(filters);
  const tail = useLiveTail(
    connectionId ?? (filters.connectionId || undefined),
    tailing,
    list.addLive,
    list.updateForward,
  );
  const byId = new Map(connections.map((c) => [c.id, c]));
  const names = new Map(connections.map((c) => [c.id, c.name]));
  const selected = filters.row ? (list.rows.find((row) => row.id === filters.row) ?? null) : null;

  /** The URL of this view with `change` applied; a pushed entry, so back / forward walk the views. */
  const hrefWith = (change: Partial<HistoryFilters>) =>
    `${path}${writeHistoryFilters(search, { ...filters, ...change })}`;
  const apply = (change: Partial<HistoryFilters>) => navigate(hrefWith(change));

  function toggleLive() {
    // Rows that arrived while paused are fetched again when the tail resumes.
    if (!live) list.refresh();
    setLive(!live);
  }

  const filteredBy = filters.outcome ? outcomeLabel(filters.outcome).toLowerCase() : '';
  const narrowed = Boolean(filters.since || filters.until || filters.q || filters.connectionId);

  return (
    <div className={filters.row ? 'history with-detail' : 'history'}>
      <div className="history-main">
        <HistoryFilterBar filters={filters} {...(showConnection && { connections })} onChange={apply} />
        <div className="toolbar">
          {narrowsBeyondLive(filters) ? (
            <span className="live live-paused" role="status">
              <span className="live-dot" aria-hidden="true" />
              No live updates while an end date or a search is set
            </span>
          ) : (
            <>
              <LiveIndicator state={tail.state} error={tail.error} />
              <button type="button" className="secondary" onClick={toggleLive} aria-pressed={!live}>
                {live ? 'Pause live updates' : 'Resume live updates'}
              </button>
            </>
          )}
        </div>
        <ErrorMessage message={list.error} />
        {list.loading ? (
          <Loading label="Loading history…" />
        ) : list.rows.length === 0 ? (
          <EmptyState
            title={
              narrowed || filteredBy
                ? `No ${filteredBy ? `${filteredBy} ` : ''}requests match.`
                : 'No requests yet.'
            }
          >
            {narrowed || filteredBy ? 'Change or clear the filters to see more.' : emptyHint}
          </EmptyState>
        ) : (
          <HistoryTable
            rows={list.rows}
            selectedId={filters.row || null}
            rowHref={(row) => hrefWith({ row: row.id })}
            {...(showConnection ? { connectionNames: names } : {})}
          />
        )}
        {list.hasMore && !list.loading && <LoadMore onClick={list.loadMore} loading={list.loadingMore} />}
      </div>
      {filters.row && (
        <HistoryDetail
          key={filters.row}
          rowId={filters.row}
          row={selected}
          connections={byId}
          onClose={() => apply({ row: '' })}
        />
      )}
    </div>
  );
}

const LABELS: Record<LiveState, string> = {
  paused: 'Paused',
  connecting: 'Connecting…',
  live: 'Live',
  retrying: 'Reconnecting…',
  unavailable: 'Live updates unavailable',
};

/** The live tail's state, announced politely to screen readers. */
function LiveIndicator({ state, error }: { readonly state: LiveState; readonly error: string | null }) {
  return (
    <span className={`live live-${state}`} role="status" title={error ?? undefined}>
      <span className="live-dot" aria-hidden="true" />
      {LABELS[state]}
      {error && state !== 'live' ? `: ${error}` : ''}
    </span>
  );
}
