import { useCallback, useState } from 'react';
import { FLOW_RUN_STATUSES, type FlowRun, type FlowRunStatus } from '../api/flow-types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { runLabel } from '../lib/processing-labels.ts';
import { EmptyState, ErrorMessage, Loading } from './feedback.tsx';
import { FilterSelect, LoadMore, RefreshButton } from './list-controls.tsx';
import { RunDetail } from './run-detail.tsx';
import { RunTable } from './run-table.tsx';

/** A flow's runs with a status filter, refresh, paging and a detail beside the table. */
export function RunsPanel({ flowId }: { readonly flowId: string }) {
  const [status, setStatus] = useState<FlowRunStatus | ''>('');
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
          <FilterSelect
            label="Status"
            allLabel="All runs"
            value={status}
            values={FLOW_RUN_STATUSES}
            optionLabel={runLabel}
            onChange={setStatus}
          />
          <RefreshButton label="Refresh runs" onClick={list.reload} />
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
        {list.hasMore && !list.loading && <LoadMore onClick={list.loadMore} />}
      </div>
      {selected && <RunDetail key={selected.id} run={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}
