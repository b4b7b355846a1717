import { useCallback, useState } from 'react';
import type { Connection } from '../api/types.ts';
import { ConnectionTable } from '../components/connection-table.tsx';
import { CreateConnectionDialog } from '../components/create-connection-dialog.tsx';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback.tsx';
import { LoadMore, RotationDueCheckbox, useRotationDueFilter } from '../components/list-controls.tsx';
import { SecretDialog, type SecretReveal } from '../components/secret-dialog.tsx';
import { useApi } from '../hooks/api-context.tsx';
import { useLastRequests } from '../hooks/use-last-requests.ts';
import { useLiveTail } from '../hooks/use-live-tail.ts';
import { modeName, useModes } from '../hooks/use-modes.ts';
import { usePagedList } from '../hooks/use-paged-list.ts';

const PAGE_SIZE = 100;

/** The connection list with the create flow; a generated secret is shown once in a dialog. */
export function ConnectionsPage() {
  const api = useApi();
  const modes = useModes();
  // "Rotation due only" sits in the URL (?rotationDue=true), so the filtered list can be bookmarked.
  const [rotationDue, filterRotationDue] = useRotationDueFilter();
  const list = usePagedList(
    useCallback(
      (cursor: string | null) =>
        api.listConnections({ limit: PAGE_SIZE, rotationDue, ...(cursor ? { cursor } : {}) }),
      [api, rotationDue],
    ),
  );

  const connections = list.items;
  const [creating, setCreating] = useState(false);
  const [reveal, setReveal] = useState<SecretReveal | null>(null);
  const lastRequests = useLastRequests(connections.map((c) => c.id));
  useLiveTail(undefined, true, lastRequests.update);

  function onCreated(result: { connection: Connection; secret?: string }, typedSecret: string | null) {
    setCreating(false);
    list.update((previous) => [result.connection, ...previous.filter((c) => c.id !== result.connection.id)]);
    setReveal({
      title: `Connection “${result.connection.name}” created`,
      connection: result.connection,
      secret: result.secret ?? null,
      signingSecret: result.secret ?? typedSecret,
    });
  }

  return (
    <section aria-labelledby="connections-heading">
      <div className="page-header">
        <h1 id="connections-heading">Connections</h1>
        <button type="button" onClick={() => setCreating(true)}>
          New connection
        </button>
      </div>
      <p className="muted">
        Each connection is one inbound URL a partner sends webhooks to, with its own secret.
      </p>
      <div className="toolbar">
        <RotationDueCheckbox checked={rotationDue} onChange={filterRotationDue} />
      </div>
      <ErrorMessage message={list.error} />
      {list.loading ? (
        <Loading label="Loading connections…" />
      ) : connections.length === 0 && rotationDue && !list.error ? (
        <EmptyState title="No connection is due for a secret rotation." />
      ) : connections.length === 0 && !list.error ? (
        <EmptyState title="No connections yet.">
          Create one with <strong>New connection</strong>, then paste its inbound URL and secret into your
          partner (Make, Zapier, n8n, Stripe or your own backend).
        </EmptyState>
      ) : (
        <ConnectionTable
          connections={connections}
          lastRequests={lastRequests.rows}
          modeName={(id) => modeName(modes, id)}
        />
      )}
      {list.hasMore && <LoadMore onClick={list.loadMore} />}
      {creating && (
        <CreateConnectionDialog modes={modes} onClose={() => setCreating(false)} onCreated={onCreated} />
      )}
      {reveal && <SecretDialog {...reveal} onClose={() => setReveal(null)} />}
    </section>
  );
}
