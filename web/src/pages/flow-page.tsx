import { useCallback, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import {
  DetailHeader,
  DetailPageLoading,
  saveAndClose,
  useDetailRecord,
} from '../components/detail-page.tsx';
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
      <DetailHeader
        headingId="flow-heading"
        title={
          <>
            {flow.name} <StatusBadge enabled={flow.enabled} />
          </>
        }
        actions={[
          { label: 'Edit', onClick: () => setOpen('edit') },
          { label: flow.enabled ? 'Disable' : 'Enable', onClick: toggle },
          { label: 'Delete', onClick: () => setOpen('delete'), tone: 'danger' },
        ]}
      />
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
          onSaved={saveAndClose(setFlow, () => setOpen(null))}
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
