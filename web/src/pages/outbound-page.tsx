import { useCallback, useState } from 'react';
import { isNotFound } from '../api/errors.ts';
import { ApplicationDialog } from '../components/application-dialog.tsx';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback.tsx';
import { Link } from '../components/layout.tsx';
import { LoadMore, RotationDueCheckbox, useRotationDueFilter } from '../components/list-controls.tsx';
import { type OneTimeSecret, OneTimeSecretDialog } from '../components/one-time-secret-dialog.tsx';
import { SecretState } from '../components/secret-state.tsx';
import { useApi } from '../hooks/api-context.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { applicationPath } from '../hooks/use-route.ts';
import { formatTime } from '../lib/format.ts';

/** Applications (your platform's customers): list, create with the signing secret shown once. */
export function OutboundPage() {
  const api = useApi();
  const [unavailable, setUnavailable] = useState(false);
  const [creating, setCreating] = useState(false);
  const [reveal, setReveal] = useState<OneTimeSecret | null>(null);
  // "Rotation due only" sits in the URL (?rotationDue=true), as on the connections list.
  const [rotationDue, filterRotationDue] = useRotationDueFilter();
  const list = usePagedList(
    useCallback(
      (cursor: string | null) =>
        api.delivery
          .listApplications({
            limit: 100,
            ...(rotationDue && { rotationDue: 'true' as const }),
            ...(cursor ? { cursor } : {}),
          })
          .catch((err: unknown) => {
            // A gateway without the outbound API answers 404 for the whole path.
            if (isNotFound(err)) setUnavailable(true);
            throw err;
          }),
      [api, rotationDue],
    ),
  );

  async function create(name: string) {
    const result = await api.delivery.createApplication(name);
    setCreating(false);
    list.update((items) => [result.application, ...items.filter((a) => a.id !== result.application.id)]);
    if (result.secret) {
      setReveal({
        title: `Application “${result.application.name}” created`,
        secret: result.secret,
        hint: 'Give it to the receivers of this application: their endpoints verify hookgate’s signatures with it.',
      });
    }
  }

  return (
    <section aria-labelledby="outbound-heading">
      <div className="page-header">
        <h1 id="outbound-heading">Outbound</h1>
        {!unavailable && (
          <button type="button" onClick={() => setCreating(true)}>
            New application
          </button>
        )}
      </div>
      <p className="muted">
        hookgate delivers your platform's events to your customers' endpoints, signed, with retries and
        replay.
      </p>
      {unavailable ? (
        <EmptyState title="Outbound delivery is not available on this gateway.">
          This gateway does not serve the outbound API (/api/v1/applications). Update hookgate to a version
          with outbound delivery; inbound connections and flows work without it.
        </EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <RotationDueCheckbox checked={rotationDue} onChange={filterRotationDue} />
          </div>
          <ErrorMessage message={list.error} />
          {list.loading ? (
            <Loading label="Loading applications…" />
          ) : list.items.length === 0 && rotationDue && !list.error ? (
            <EmptyState title="No application is due for a secret rotation." />
          ) : list.items.length === 0 && !list.error ? (
            <EmptyState title="No applications yet.">
              Create one per customer with <strong>New application</strong>, then add the endpoints (URLs)
              that receive their events.
            </EmptyState>
          ) : (
            list.items.length > 0 && (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Signing secret</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((application) => (
                    <tr key={application.id} data-application-id={application.id}>
                      <td>
                        <Link to={applicationPath(application.id)}>{application.name}</Link>
                      </td>
                      <td>
                        <span className="mono" data-testid="secret-preview">
                          {application.secretPreview}
                        </span>
                        <SecretState times={application} />
                      </td>
                      <td>{formatTime(application.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          )}
          {list.hasMore && <LoadMore onClick={list.loadMore} />}
        </>
      )}
      {creating && (
        <ApplicationDialog
          title="New application"
          initialName=""
          submitLabel="Create application"
          onSubmit={create}
          onClose={() => setCreating(false)}
        />
      )}
      {reveal && <OneTimeSecretDialog {...reveal} onClose={() => setReveal(null)} />}
    </section>
  );
}
