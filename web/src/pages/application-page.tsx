import { useCallback, useState } from 'react';
import type { EndpointWithSecret } from '../api/delivery-types.ts';
import { ApplicationDialog } from '../components/application-dialog.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DetailHeader, DetailPageLoading, useDetailRecord } from '../components/detail-page.tsx';
import { EndpointDialog } from '../components/endpoint-dialog.tsx';
import { EndpointTable } from '../components/endpoint-table.tsx';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback.tsx';
import { Link } from '../components/layout.tsx';
import { LoadMore } from '../components/list-controls.tsx';
import { type OneTimeSecret, OneTimeSecretDialog } from '../components/one-time-secret-dialog.tsx';
import { RotateDialog } from '../components/rotate-dialog.tsx';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { navigate } from '../hooks/use-route.ts';
import { formatTime } from '../lib/format.ts';

type Open = 'rename' | 'rotate' | 'delete' | 'endpoint' | null;

/** One application: its signing secret (masked, rotate), rename, delete, and its endpoints. */
export function ApplicationPage({ id }: { readonly id: string }) {
  const api = useApi();
  const _handleError = useErrorHandler();
  const {
    record: application,
    setRecord: setApplication,
    error,
  } = useDetailRecord(useCallback(() => api.delivery.getApplication(id), [api, id]));
  const [open, setOpen] = useState<Open>(null);
  const [reveal, setReveal] = useState<OneTimeSecret | null>(null);
  const endpoints = usePagedList(
    useCallback(
      (cursor: string | null) =>
        api.delivery.listEndpoints(id, { limit: 100, ...(cursor ? { cursor } : {}) }),
      [api, id],
    ),
  );

  if (!application) {
    return (
      <DetailPageLoading
        back={<Link to="/outbound">← Outbound</Link>}
        error={error}
        label="Loading application…"
      />
    );
  }
  const current = application;

  function endpointCreated(result: EndpointWithSecret) {
    setOpen(null);
    endpoints.update((items) => [result.endpoint, ...items]);
    if (result.secret)
      setReveal({
        title: 'Endpoint created',
        secret: result.secret,
        hint: 'The receiver at this URL needs this credential.',
      });
  }

  return (
    <section aria-labelledby="application-heading">
      <Link to="/outbound">← Outbound</Link>
      <DetailHeader
        headingId="application-heading"
        title={application.name}
        actions={[
          { label: 'Rename', onClick: () => setOpen('rename') },
          { label: 'Rotate secret', onClick: () => setOpen('rotate') },
          { label: 'Delete', onClick: () => setOpen('delete'), tone: 'danger' },
        ]}
      />
      <ErrorMessage message={error} />
      <dl className="facts card">
        <dt>Signing secret</dt>
        <dd className="mono" data-testid="secret-preview">
          {application.secretPreview}
        </dd>
        <dt>Id</dt>
        <dd className="mono">{application.id}</dd>
        <dt>Created</dt>
        <dd>{formatTime(application.createdAt)}</dd>
      </dl>
      <div className="section-header">
        <h2>Endpoints</h2>
        <button type="button" onClick={() => setOpen('endpoint')}>
          New endpoint
        </button>
      </div>
      <ErrorMessage message={endpoints.error} />
      {endpoints.loading ? (
        <Loading label="Loading endpoints…" />
      ) : endpoints.items.length === 0 ? (
        !endpoints.error && (
          <EmptyState title="No endpoints yet.">
            Add the URL that receives this customer's events with <strong>New endpoint</strong>.
          </EmptyState>
        )
      ) : (
        <EndpointTable endpoints={endpoints.items} />
      )}
      {endpoints.hasMore && <LoadMore onClick={endpoints.loadMore} />}
      {open === 'endpoint' && (
        <EndpointDialog
          endpoint={null}
          onSubmit={(input) => api.delivery.createEndpoint(current.id, input)}
          onDone={endpointCreated}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'rename' && (
        <ApplicationDialog
          title={`Rename ${application.name}`}
          initialName={application.name}
          submitLabel="Save"
          onSubmit={async (name) => {
            setApplication(await api.delivery.renameApplication(current.id, name));
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'rotate' && (
        <RotateDialog
          title={`Rotate the secret of ${application.name}`}
          warning="Every receiver that verifies with this application's secret must be updated with the new one."
          consequence="During the grace period hookgate signs with both the old and the new secret (hookgate and Standard Webhooks styles)."
          noGraceLabel="None: only the new secret from now on"
          audience="receiver"
          onRotate={async (input) => {
            const result = await api.delivery.rotateApplication(current.id, input);
            setApplication(result.application);
            setOpen(null);
            if (result.secret)
              setReveal({
                title: 'Secret rotated',
                secret: result.secret,
                hint: 'Give it to every receiver of this application.',
              });
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'delete' && (
        <ConfirmDialog
          title={`Delete ${application.name}?`}
          confirmLabel="Delete application"
          onConfirm={async () => {
            await api.delivery.deleteApplication(current.id);
            navigate('/outbound');
          }}
          onClose={() => setOpen(null)}
        >
          <p>Its endpoints, messages, deliveries and attempts are deleted with it. This cannot be undone.</p>
        </ConfirmDialog>
      )}
      {reveal && <OneTimeSecretDialog {...reveal} onClose={() => setReveal(null)} />}
    </section>
  );
}
