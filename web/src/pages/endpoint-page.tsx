import { useCallback, useState } from 'react';
import type { EndpointWithSecret } from '../api/delivery-types.ts';
import { AttemptsPanel } from '../components/attempts-panel.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DeliveriesPanel } from '../components/deliveries-panel.tsx';
import { DetailPageLoading, useDetailRecord } from '../components/detail-page.tsx';
import { EndpointActions, type EndpointDialogKind } from '../components/endpoint-actions.tsx';
import { EndpointDialog } from '../components/endpoint-dialog.tsx';
import { EndpointSummary } from '../components/endpoint-summary.tsx';
import { ErrorMessage, StatusBadge } from '../components/feedback.tsx';
import { Link } from '../components/layout.tsx';
import { type OneTimeSecret, OneTimeSecretDialog } from '../components/one-time-secret-dialog.tsx';
import { ReplayFailedDialog } from '../components/replay-failed-dialog.tsx';
import { RotateDialog } from '../components/rotate-dialog.tsx';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { applicationPath, navigate } from '../hooks/use-route.ts';

type Open = EndpointDialogKind | null;

interface EndpointPageProps {
  readonly applicationId: string;
  readonly endpointId: string;
}

/** One endpoint: settings, credential (masked, rotate), enable / recover, deliveries with replay, attempts. */
export function EndpointPage({ applicationId, endpointId }: EndpointPageProps) {
  const api = useApi();
  const handleError = useErrorHandler();
  const {
    record: endpoint,
    setRecord: setEndpoint,
    error,
    setError,
  } = useDetailRecord(
    useCallback(() => api.delivery.getEndpoint(applicationId, endpointId), [api, applicationId, endpointId]),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [reveal, setReveal] = useState<OneTimeSecret | null>(null);
  const [version, setVersion] = useState(0);
  const back = <Link to={applicationPath(applicationId)}>← Application</Link>;

  if (!endpoint) return <DetailPageLoading back={back} error={error} label="Loading endpoint…" />;

  function saved(result: EndpointWithSecret, title: string) {
    setEndpoint(result.endpoint);
    setOpen(null);
    setVersion((v) => v + 1);
    if (result.secret)
      setReveal({ title, secret: result.secret, hint: 'The receiver at this URL needs this credential.' });
  }

  function act(run: () => Promise<string>) {
    setError(null);
    setNotice(null);
    run()
      .then((message) => {
        setNotice(message);
        setVersion((v) => v + 1);
      })
      .catch((err: unknown) => setError(handleError(err)));
  }

  const recover = () =>
    act(async () => {
      const result = await api.delivery.recover(applicationId, endpointId);
      setEndpoint(result.endpoint);
      return `Endpoint recovered: ${result.requeued} dead-lettered ${result.requeued === 1 ? 'delivery' : 'deliveries'} queued again.`;
    });
  const enable = () =>
    act(async () => {
      saved(
        await api.delivery.updateEndpoint(applicationId, endpointId, { enabled: true }),
        'Endpoint enabled',
      );
      return 'Endpoint enabled. Dead-lettered deliveries stay dead until you recover or replay them.';
    });

  return (
    <section aria-labelledby="endpoint-heading">
      {back}
      <div className="page-header">
        <h1 id="endpoint-heading">
          <span className="truncate-heading">{endpoint.description || endpoint.url}</span>{' '}
          <StatusBadge enabled={endpoint.enabled} />
        </h1>
        <EndpointActions endpoint={endpoint} onOpen={setOpen} onRecover={recover} onEnable={enable} />
      </div>
      <ErrorMessage message={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <EndpointSummary endpoint={endpoint} />
      <h2>Deliveries</h2>
      <DeliveriesPanel
        applicationId={applicationId}
        endpointId={endpointId}
        version={version}
        onReplayed={() => setVersion((v) => v + 1)}
      />
      <h2>Attempts</h2>
      <AttemptsPanel applicationId={applicationId} endpointId={endpointId} version={version} />
      {open === 'edit' && (
        <EndpointDialog
          endpoint={endpoint}
          onSubmit={(input) => api.delivery.updateEndpoint(applicationId, endpointId, input)}
          onDone={(result) => saved(result, 'New endpoint credential')}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'rotate' && (
        <RotateDialog
          title="Rotate the endpoint credential"
          warning="The receiver at this URL must be updated with the new credential."
          consequence="During the grace period hookgate signs with both the old and the new secret (hookgate and Standard Webhooks styles)."
          noGraceLabel="None: only the new secret from now on"
          secretLabel="New credential (optional)"
          audience="receiver"
          onRotate={async (input) =>
            saved(await api.delivery.rotateEndpoint(applicationId, endpointId, input), 'Credential rotated')
          }
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'replay' && (
        <ReplayFailedDialog
          onReplay={async (since) => {
            const { requeued } = await api.delivery.replayFailed(applicationId, endpointId, since);
            setVersion((v) => v + 1);
            return requeued;
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'disable' && (
        <ConfirmDialog
          title="Disable this endpoint?"
          confirmLabel="Disable"
          onConfirm={async () =>
            saved(
              await api.delivery.updateEndpoint(applicationId, endpointId, { enabled: false }),
              'Endpoint disabled',
            )
          }
          onClose={() => setOpen(null)}
        >
          <p>
            New messages skip it and its unfinished deliveries become dead letters. Recover it to send them
            again.
          </p>
        </ConfirmDialog>
      )}
      {open === 'delete' && (
        <ConfirmDialog
          title="Delete this endpoint?"
          confirmLabel="Delete endpoint"
          onConfirm={async () => {
            await api.delivery.deleteEndpoint(applicationId, endpointId);
            navigate(applicationPath(applicationId));
          }}
          onClose={() => setOpen(null)}
        >
          <p>Its deliveries and attempts are deleted with it. This cannot be undone.</p>
        </ConfirmDialog>
      )}
      {reveal && <OneTimeSecretDialog {...reveal} onClose={() => setReveal(null)} />}
    </section>
  );
}
