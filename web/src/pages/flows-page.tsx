import { useCallback, useState } from 'react';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback.tsx';
import { FlowDialog } from '../components/flow-dialog.tsx';
import { FlowTable } from '../components/flow-table.tsx';
import { Link } from '../components/layout.tsx';
import { LoadMore } from '../components/list-controls.tsx';
import { useApi } from '../hooks/api-context.tsx';
import { useConnections } from '../hooks/use-connections.ts';
import { useEndpointOptions } from '../hooks/use-endpoint-options.ts';
import { usePagedList } from '../hooks/use-paged-list.ts';

const PAGE_SIZE = 100;

/** Every flow; a new one is created in a dialog and opened. */
export function FlowsPage() {
  const api = useApi();
  const { connections, loaded } = useConnections();
  const endpoints = useEndpointOptions();
  const list = usePagedList(
    useCallback(
      (cursor: string | null) => api.flows.list({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
      [api],
    ),
  );
  const flows = list.items;
  const [creating, setCreating] = useState(false);

  const noConnections = loaded && connections.length === 0;
  return (
    <section aria-labelledby="flows-heading">
      <div className="page-header">
        <h1 id="flows-heading">Flows</h1>
        <button type="button" onClick={() => setCreating(true)} disabled={noConnections}>
          New flow
        </button>
      </div>
      <p className="muted">
        A flow runs for every request a connection accepts: filter, transform, then deliver to outbound
        endpoints.
      </p>
      <ErrorMessage message={list.error} />
      {list.loading ? (
        <Loading label="Loading flows…" />
      ) : flows.length === 0 && !list.error ? (
        <EmptyState title="No flows yet.">
          {noConnections ? (
            <>
              Flows start from a connection. <Link to="/connections">Create a connection</Link> first.
            </>
          ) : (
            <>
              Create one with <strong>New flow</strong>: pick the connection whose requests start it and the
              endpoint that receives them.
            </>
          )}
        </EmptyState>
      ) : (
        <FlowTable flows={flows} connections={connections} endpoints={endpoints} />
      )}
      {list.hasMore && <LoadMore onClick={list.loadMore} />}
      {creating && (
        <FlowDialog
          flow={null}
          connections={connections}
          onClose={() => setCreating(false)}
          onSaved={(flow) => {
            setCreating(false);
            list.update((previous) => [flow, ...previous]);
          }}
        />
      )}
    </section>
  );
}
