import { useCallback, useState } from 'react';
import type { ConnectionWithSecret } from '../api/types.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { ConnectionSummary } from '../components/connection-summary.tsx';
import {
  DetailHeader,
  DetailPageLoading,
  saveAndClose,
  useDetailRecord,
} from '../components/detail-page.tsx';
import { EditConnectionDialog } from '../components/edit-connection-dialog.tsx';
import { ErrorMessage, StatusBadge } from '../components/feedback.tsx';
import { ForwardCard } from '../components/forward-card.tsx';
import { HistoryPanel } from '../components/history-panel.tsx';
import { Link } from '../components/layout.tsx';
import { ProcessingSection } from '../components/processing-section.tsx';
import { RotateDialog } from '../components/rotate-dialog.tsx';
import { SecretDialog, type SecretReveal } from '../components/secret-dialog.tsx';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { modeName, useModes } from '../hooks/use-modes.ts';
import { navigate } from '../hooks/use-route.ts';

type Open = 'edit' | 'rotate' | 'delete' | 'disable' | null;

/** One connection: summary, edit / enable-disable / rotate / delete, forwarding, and its own history. */
export function ConnectionPage({ id }: { readonly id: string }) {
  const api = useApi();
  const handleError = useErrorHandler();
  const modes = useModes();
  const {
    record: connection,
    setRecord: setConnection,
    error,
    setError,
  } = useDetailRecord(useCallback(() => api.getConnection(id), [api, id]));
  const [open, setOpen] = useState<Open>(null);
  const [reveal, setReveal] = useState<SecretReveal | null>(null);

  if (!connection) {
    return (
      <DetailPageLoading
        back={<Link to="/connections">← Connections</Link>}
        error={error}
        label="Loading connection…"
      />
    );
  }

  const enabled = connection.enabled !== false;
  const current = connection;

  function onRotated(result: ConnectionWithSecret, typed: string | null) {
    setOpen(null);
    setConnection(result.connection);
    setReveal({
      title: 'Secret rotated',
      connection: result.connection,
      secret: result.secret ?? null,
      signingSecret: result.secret ?? typed,
    });
  }

  async function setEnabled(next: boolean) {
    setConnection(await api.updateConnection(current.id, { enabled: next }));
    setOpen(null);
  }

  function enable() {
    setEnabled(true).catch((err: unknown) => setError(handleError(err)));
  }

  async function remove() {
    await api.deleteConnection(current.id);
    navigate('/connections');
  }

  return (
    <section aria-labelledby="connection-heading">
      <Link to="/connections">← Connections</Link>
      <DetailHeader
        headingId="connection-heading"
        title={
          <>
            {connection.name} <StatusBadge enabled={enabled} />
          </>
        }
        actions={[
          { label: 'Edit', onClick: () => setOpen('edit') },
          { label: enabled ? 'Disable' : 'Enable', onClick: () => (enabled ? setOpen('disable') : enable()) },
          { label: 'Rotate secret', onClick: () => setOpen('rotate') },
          { label: 'Delete', onClick: () => setOpen('delete'), tone: 'danger' },
        ]}
      />
      <ErrorMessage message={error} />
      <ConnectionSummary connection={connection} modeLabel={modeName(modes, connection.auth.mode)} />
      <h2>Forwarding</h2>
      <ForwardCard connection={connection} onChanged={setConnection} />
      <h2>Processing</h2>
      <ProcessingSection connectionId={connection.id} />
      <h2>Requests</h2>
      <HistoryPanel
        connectionId={connection.id}
        connections={[connection]}
        emptyHint="Send a request to the inbound URL above; it shows up here live."
      />
      {open === 'edit' && (
        <EditConnectionDialog
          connection={connection}
          onClose={() => setOpen(null)}
          onSaved={saveAndClose(setConnection, () => setOpen(null))}
        />
      )}
      {open === 'rotate' && (
        <RotateDialog
          title={`Rotate the secret of ${connection.name}`}
          warning="Every partner that sends to this connection must be updated with the new secret."
          consequence="Until they are, their requests fail with 401 once the old secret stops working."
          noGraceLabel="None: the old secret stops working immediately"
          secretLabel="New secret (optional)"
          audience="partner"
          onRotate={async (input) =>
            onRotated(await api.rotateSecret(connection.id, input), input.secret ?? null)
          }
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'disable' && (
        <ConfirmDialog
          title={`Disable ${connection.name}?`}
          confirmLabel="Disable"
          onConfirm={() => setEnabled(false)}
          onClose={() => setOpen(null)}
        >
          <p>
            While disabled, requests to this connection are refused and nothing is stored. You can enable it
            again.
          </p>
        </ConfirmDialog>
      )}
      {open === 'delete' && (
        <ConfirmDialog
          title={`Delete ${connection.name}?`}
          confirmLabel="Delete connection"
          onConfirm={remove}
          onClose={() => setOpen(null)}
        >
          <p>
            This deletes the connection, its secrets, its history and its stored events. Partners sending to
            its URL will get 404. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {reveal && <SecretDialog {...reveal} onClose={() => setReveal(null)} />}
    </section>
  );
}
