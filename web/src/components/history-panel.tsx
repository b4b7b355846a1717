import { useState } from 'react';
import { HISTORY_OUTCOMES, type HistoryOutcome, type HistoryRow } from '../api/types.ts';
import { useHistoryList } from '../hooks/use-history-list.ts';
import { type LiveState, useLiveTail } from '../hooks/use-live-tail.ts';
import { outcomeLabel } from '../lib/format.ts';
import { EmptyState, ErrorMessage, Loading } from './feedback.tsx';
import { HistoryDetail } from './history-detail.tsx';
import { HistoryTable } from './history-table.tsx';
import { FilterSelect, LoadMore } from './list-controls.tsx';

interface HistoryPanelProps {
  /** Only this connection's requests; all connections when absent. */
  readonly connectionId?: string;
  readonly connectionNames?: ReadonlyMap<string, string>;
  /** Shows the Connection column (global history). */
  readonly showConnection?: boolean;
  readonly emptyHint: string;
}

/** The outcome filter from `?outcome=`, so a filtered history can be bookmarked and shared. */
function outcomeFromUrl(): HistoryOutcome | '' {
  const value = new URLSearchParams(window.location.search).get('outcome');
  return HISTORY_OUTCOMES.find((outcome) => outcome === value) ?? '';
}

function writeOutcomeToUrl(outcome: HistoryOutcome | ''): void {
  const params = new URLSearchParams(window.location.search);
  if (outcome) params.set('outcome', outcome);
  else params.delete('outcome');
  const search = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
}

/** Filterable, pageable history with a pausable live tail and a row detail beside the table. */
export function HistoryPanel({
  connectionId,
  connectionNames,
  showConnection = false,
  emptyHint,
}: HistoryPanelProps) {
  const [outcome, setOutcome] = useState<HistoryOutcome | ''>(outcomeFromUrl);
  const [live, setLive] = useState(true);
  const [selected, setSelected] = useState<HistoryRow | null>(null);
  const list = useHistoryList(connectionId, outcome);
  const tail = useLiveTail(connectionId, live, list.addLive);
  const selectedName = selected ? connectionNames?.get(selected.connectionId) : undefined;

  function toggleLive() {
    // Rows that arrived while paused are fetched again when the tail resumes.
    if (!live) list.refresh();
    setLive(!live);
  }

  return (
    <div className={selected ? 'history with-detail' : 'history'}>
      <div className="history-main">
        <div className="toolbar">
          <FilterSelect
            label="Outcome"
            allLabel="All outcomes"
            value={outcome}
            values={HISTORY_OUTCOMES}
            optionLabel={outcomeLabel}
            onChange={(next) => {
              writeOutcomeToUrl(next);
              setOutcome(next);
            }}
          />
          <LiveIndicator state={tail.state} error={tail.error} />
          <button type="button" className="secondary" onClick={toggleLive} aria-pressed={!live}>
            {live ? 'Pause live updates' : 'Resume live updates'}
          </button>
        </div>
        <ErrorMessage message={list.error} />
        {list.loading ? (
          <Loading label="Loading history…" />
        ) : list.rows.length === 0 ? (
          <EmptyState
            title={outcome ? `No ${outcomeLabel(outcome).toLowerCase()} requests.` : 'No requests yet.'}
          >
            {outcome ? 'Choose "All outcomes" to see every request.' : emptyHint}
          </EmptyState>
        ) : (
          <HistoryTable
            rows={list.rows}
            selectedId={selected?.id ?? null}
            onSelect={setSelected}
            {...(showConnection ? { connectionNames: connectionNames ?? new Map<string, string>() } : {})}
          />
        )}
        {list.hasMore && !list.loading && <LoadMore onClick={list.loadMore} loading={list.loadingMore} />}
      </div>
      {selected && (
        <HistoryDetail
          key={selected.id}
          row={selected}
          {...(selectedName ? { connectionName: selectedName } : {})}
          onClose={() => setSelected(null)}
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
