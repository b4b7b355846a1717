import { useCallback, useEffect, useState } from 'react';
import type { Flow } from '../api/flow-types.ts';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback.tsx';
import { FlowDialog } from '../components/flow-dialog.tsx';
import { FlowTable } from '../components/flow-table.tsx';
import { Link } from '../components/layout.tsx';
import { LoadMore } from '../components/list-controls.tsx';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { useConnections } from '../hooks/use-connections.ts';
import { useEndpointOptions } from '../hooks/use-endpoint-options.ts';

const PAGE_SIZE = 100;

/** Every flow; a new one is created in a dialog and opened. */
export function FlowsPage() {
  const api = useApi();
  const handleError = useErrorHandler();
  const { connections, loaded } = useConnections();
  const endpoints = useEndpointOptions();
  const [flows, setFlows] = useState<readonly Flow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const page = await api.flows.list({ limit: PAGE_SIZE, ...(after ? { cursor: after } : {}) });
        setFlows((previous) => (after ? [...previous, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        setError(handleError(err));
      } finally {
        setLoading(false);
      }
    },
    [api, handleError],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

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
      <ErrorMessage message={error} />
      {loading ? (
        <Loading label="Loading flows…" />
      ) : flows.length === 0 && !error ? (
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
      {cursor && <LoadMore onClick={() => void load(cursor)} />}
      {creating && (
        <FlowDialog
          flow={null}
          connections={connections}
          onClose={() => setCreating(false)}
          onSaved={(flow) => {
            setCreating(false);
            setFlows((previous) => [flow, ...previous]);
          }}
        />
      )}
    </section>
  );
}
