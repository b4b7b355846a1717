import type { HistoryRow } from '../api/types.ts';
import { formatBytes, formatTime, prettyBody } from '../lib/format.ts';
import { DetailPanel } from './detail-panel.tsx';
import { InsecureTransportBadge, OutcomeBadge } from './feedback.tsx';
import { ForwardSection } from './forward-section.tsx';

interface HistoryDetailProps {
  readonly row: HistoryRow;
  readonly connectionName?: string;
  readonly onClose: () => void;
}

/** One request: message, warnings, redacted headers, body preview (pretty JSON), event, duplicate and contact ids. */
export function HistoryDetail({ row, connectionName, onClose }: HistoryDetailProps) {
  const body = prettyBody(row.bodyPreview);
  const headers = Object.entries(row.headers);

  return (
    <DetailPanel title="Request detail" onClose={onClose}>
      <dl className="facts">
        <dt>Outcome</dt>
        <dd>
          <OutcomeBadge outcome={row.outcome} /> <InsecureTransportBadge warnings={row.warnings} />
        </dd>
        <dt>Message</dt>
        <dd>{row.message ?? '—'}</dd>
        <dt>Warnings</dt>
        <dd>
          {row.warnings?.length ? (
            <ul className="warnings">
              {row.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </dd>
        <dt>Received</dt>
        <dd>{formatTime(row.receivedAt)}</dd>
        <dt>Connection</dt>
        <dd>{connectionName ?? row.connectionId}</dd>
        <dt>Event id</dt>
        <dd className="mono">{row.eventId ?? '—'}</dd>
        <dt>Duplicate of</dt>
        <dd className="mono">{row.duplicateOf ?? '—'}</dd>
        <dt>Contact</dt>
        <dd className="mono">{row.contactId ?? '—'}</dd>
        <dt>Body size</dt>
        <dd>{formatBytes(row.bodySize)}</dd>
      </dl>
      {row.forward && row.eventId && <ForwardSection eventId={row.eventId} forward={row.forward} />}
      <h4>Headers</h4>
      {headers.length === 0 ? (
        <p className="muted">No headers recorded.</p>
      ) : (
        <table className="table compact">
          <tbody>
            {headers.map(([name, value]) => (
              <tr key={name}>
                <th scope="row" className="mono">
                  {name}
                </th>
                <td className={value === '[redacted]' ? 'mono muted' : 'mono'}>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Body preview{body.json ? ' (JSON)' : ''}</h4>
      {row.bodyPreview ? (
        <pre className="body-preview" data-testid="body-preview">
          {body.text}
        </pre>
      ) : (
        <p className="muted">Empty body.</p>
      )}
      {row.bodySize > 4096 && <p className="help">Preview truncated to the first 4 KB.</p>}
    </DetailPanel>
  );
}
