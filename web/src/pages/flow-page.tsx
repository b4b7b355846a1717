import { useCallback, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DetailPageLoading, useDetailRecord } from '../components/detail-page.tsx';
import { ErrorMessage, StatusBadge } from '../components/feedback.tsx';
import { FlowDialog } from '../components/flow-dialog.tsx';
import { FlowSummary } from '../components/flow-summary.tsx';
import { Link } from '../components/layout.tsx';
import { RunsPanel } from '../components/runs-panel.tsx';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { connectionName, useConnections } from '../hooks/use-connections.ts';
import { endpointLabel, useEndpointOptions } from '../hooks/use-endpoint-options.ts';
import { navigate } from '../hooks/use-route.ts';

type Open = 'edit' | 'delete' | null;

/** One flow: what it does, edit / enable-disable / delete, and its runs. */
export function FlowPage({ id }: { readonly id: string }) {
  const api = useApi();
  const handleError = useErrorHandler();
  const { connections } = useConnections();
  const endpoints = useEndpointOptions();
  const {
    record: flow,
    setRecord: setFlow,
    error,
    setError,
  } = useDetailRecord(useCallback(() => api.flows.get(id), [api, id]));
  const [open, setOpen] = useState<Open>(null);

  if (!flow) {
    return <DetailPageLoading back={<Link to="/flows">← Flows</Link>} error={error} label="Loading flow…" />;
  }
  const current = flow;

  function toggle() {
    setError(null);
    api.flows
      .update(current.id, { enabled: !current.enabled })
      .then(setFlow)
      .catch((err: unknown) => setError(handleError(err)));
  }

  async function remove() {
    await api.flows.remove(current.id);
    navigate('/flows');
  }

  return (
    <section aria-labelledby="flow-heading">
      <Link to="/flows">← Flows</Link>
      <div className="page-header">
        <h1 id="flow-heading">
          {flow.name} <StatusBadge enabled={flow.enabled} />
        </h1>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setOpen('edit')}>
            Edit
          </button>
          <button type="button" className="secondary" onClick={toggle}>
            {flow.enabled ? 'Disable' : 'Enable'}
          </button>
          <button type="button" className="danger" onClick={() => setOpen('delete')}>
            Delete
          </button>
        </div>
      </div>
      <ErrorMessage message={error} />
      <FlowSummary
        flow={flow}
        connectionName={connectionName(connections, flow.trigger.connectionId)}
        endpointName={(endpointId) => endpointLabel(endpoints, endpointId)}
      />
      <h2>Runs</h2>
      <RunsPanel flowId={flow.id} />
      {open === 'edit' && (
        <FlowDialog
          flow={flow}
          connections={connections}
          onClose={() => setOpen(null)}
          onSaved={(saved) => {
            setFlow(saved);
            setOpen(null);
          }}
        />
      )}
      {open === 'delete' && (
        <ConfirmDialog
          title={`Delete ${flow.name}?`}
          confirmLabel="Delete flow"
          onConfirm={remove}
          onClose={() => setOpen(null)}
        >
          <p>
            The flow and its recorded runs are deleted. Messages it already published are kept. This cannot be
            undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
