import type { Connection, HistoryRow } from '../api/types.ts';
import { formatTime } from '../lib/format.ts';
import { CopyButton } from './copy-button.tsx';
import { OutcomeBadge, StatusBadge } from './feedback.tsx';
import { Link } from './layout.tsx';
import { SecretState } from './secret-state.tsx';

interface ConnectionTableProps {
  readonly connections: readonly Connection[];
  readonly lastRequests: ReadonlyMap<string, HistoryRow | null>;
  readonly modeName: (id: string) => string;
}

function LastRequest({ row }: { readonly row: HistoryRow | null | undefined }) {
  if (row === undefined) return <span className="muted">…</span>;
  if (row === null) return <span className="muted">No requests yet</span>;
  return (
    <span className="last-request">
      <OutcomeBadge outcome={row.outcome} />
      <span className="muted small">{formatTime(row.receivedAt)}</span>
    </span>
  );
}

/** Every connection with its mode, status, last request outcome, secret preview and inbound URL. */
export function ConnectionTable({ connections, lastRequests, modeName }: ConnectionTableProps) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Mode</th>
          <th scope="col">Status</th>
          <th scope="col">Last request</th>
          <th scope="col">Secret</th>
          <th scope="col">Inbound URL</th>
        </tr>
      </thead>
      <tbody>
        {connections.map((connection) => (
          <tr key={connection.id} data-connection-id={connection.id}>
            <td>
              <Link to={`/connections/${encodeURIComponent(connection.id)}`}>{connection.name}</Link>
            </td>
            <td>{modeName(connection.auth.mode)}</td>
            <td>
              <StatusBadge enabled={connection.enabled !== false} />
            </td>
            <td>
              <LastRequest row={lastRequests.get(connection.id)} />
            </td>
            <td>
              <span className="mono" data-testid="secret-preview">
                {connection.secretPreview ?? '—'}
              </span>
              <SecretState times={connection} />
            </td>
            <td>
              <span className="url-cell">
                <code className="url truncate" title={connection.inboundUrl}>
                  {connection.inboundUrl}
                </code>
                <CopyButton value={connection.inboundUrl} label={`Copy inbound URL of ${connection.name}`} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
