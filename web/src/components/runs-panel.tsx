import { useCallback, useId, useState } from 'react';
import { FLOW_RUN_STATUSES, type FlowRun } from '../api/flow-types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { runLabel } from '../lib/processing-labels.ts';
import { EmptyState, ErrorMessage, Loading } from './feedback.tsx';
import { RunDetail } from './run-detail.tsx';
import { RunTable } from './run-table.tsx';

/** A flow's runs with a status filter, refresh, paging and a detail beside the table. */
export function RunsPanel({ flowId }: { readonly flowId: string }) {
  const filterId = useId();
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<FlowRun | null>(null);
  const api = useApi();
  const list = usePagedList(
    useCallback(
      (cursor: string | null) =>
        api.flows.runs(flowId, { limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
      [api, flowId, status],
    ),
  );

  return (
    <div className={selected ? 'history with-detail' : 'history'}>
      <div className="history-main">
        <div className="toolbar">
          <div className="field field-inline">
            <label htmlFor={filterId}>Status</label>
            <select id={filterId} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">All runs</option>
              {FLOW_RUN_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {runLabel(value)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="secondary toolbar-end"
            onClick={list.reload}
            aria-label="Refresh runs"
          >
            Refresh
          </button>
        </div>
        <ErrorMessage message={list.error} />
        {list.loading ? (
          <Loading label="Loading runs…" />
        ) : list.items.length === 0 ? (
          <EmptyState title={status ? `No ${runLabel(status).toLowerCase()} runs.` : 'No runs yet.'}>
            {status
              ? 'Choose "All runs" to see every run.'
              : 'The flow runs when its connection accepts a request. Send one, then refresh.'}
          </EmptyState>
        ) : (
          <RunTable runs={list.items} selectedId={selected?.id ?? null} onSelect={setSelected} />
        )}
        {list.hasMore && !list.loading && (
          <div className="actions">
            <button type="button" className="secondary" onClick={list.loadMore}>
              Load more
            </button>
          </div>
        )}
      </div>
      {selected && <RunDetail key={selected.id} run={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}
