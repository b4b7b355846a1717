import { useEffect, useState } from 'react';
import type { Connection, HistoryRow, StoredEvent } from '../api/types.ts';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { curlCommand, SECRET_PLACEHOLDER } from '../lib/curl-command.ts';
import { formatBytes, formatTime } from '../lib/format.ts';
import { BodyViewer } from './body-viewer.tsx';
import { CopyButton } from './copy-button.tsx';
import { DetailPanel } from './detail-panel.tsx';
import { ErrorMessage, InsecureTransportBadge, Loading, OutcomeBadge } from './feedback.tsx';
import { ForwardSection } from './forward-section.tsx';

interface HistoryDetailProps {
  /** The row the URL names. */
  readonly rowId: string;
  /** The row when the list has it; fetched by id otherwise (a shared link to an older request). */
  readonly row: HistoryRow | null;
  /** Known connections by id: name, inbound URL and credential header for "copy as curl". */
  readonly connections: ReadonlyMap<string, Connection>;
  readonly onClose: () => void;
}

/** The stored body of an accepted request: its exact bytes, decoded for display. */
interface FullBody {
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly contentType: string | null;
}

function decodeEvent(event: StoredEvent): FullBody {
  const binary = atob(event.body);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return { bytes, text: new TextDecoder().decode(bytes), contentType: event.contentType };
}

/** The row the URL names: the list's copy, or fetched once by id. */
function useRow(rowId: string, listed: HistoryRow | null) {
  const api = useApi();
  const handleError = useErrorHandler();
  const [fetched, setFetched] = useState<HistoryRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const needed = listed === null;
  useEffect(() => {
    if (!needed) return;
    let cancelled = false;
    api
      .getHistoryRow(rowId)
      .then((row) => !cancelled && setFetched(row))
      .catch((err: unknown) => !cancelled && setError(handleError(err)));
    return () => {
      cancelled = true;
    };
  }, [api, handleError, rowId, needed]);
  return { row: listed ?? fetched, error: listed ? null : error };
}

/** The full body of an accepted request (`GET /api/v1/events/{id}`); null while loading or without an event. */
function useFullBody(eventId: string | null) {
  const api = useApi();
  const handleError = useErrorHandler();
  const [body, setBody] = useState<FullBody | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (eventId === null) return;
    let cancelled = false;
    api
      .getEvent(eventId)
      .then((event) => !cancelled && setBody(decodeEvent(event)))
      .catch((err: unknown) => !cancelled && setError(handleError(err)));
    return () => {
      cancelled = true;
    };
  }, [api, handleError, eventId]);
  return { body, error };
}

/**
 * The request inspector: outcome, warnings, facts, redacted headers, the full body (pretty, raw,
 * download) of an accepted request or the preview history kept of a refused one, and "copy as curl".
 */
export function HistoryDetail({ rowId, row: listed, connections, onClose }: HistoryDetailProps) {
  const { row, error } = useRow(rowId, listed);
  const full = useFullBody(row?.eventId ?? null);

  return (
    <DetailPanel title="Request detail" onClose={onClose}>
      <ErrorMessage message={error} />
      {row === null ? (
        !error && <Loading label="Loading request…" />
      ) : (
        <RowDetail row={row} connection={connections.get(row.connectionId)} full={full} />
      )}
    </DetailPanel>
  );
}

interface RowDetailProps {
  readonly row: HistoryRow;
  readonly connection: Connection | undefined;
  readonly full: { readonly body: FullBody | null; readonly error: string | null };
}

function RowDetail({ row, connection, full }: RowDetailProps) {
  const headers = Object.entries(row.headers);
  const stored = row.eventId !== null;
  // A refused or duplicate request has no stored event: history's preview is all there is.
  const bodyText = stored ? (full.body?.text ?? null) : row.bodyPreview;
  const inboundUrl =
    connection?.inboundUrl ??
    `${globalThis.location.origin}/webhooks/in/${encodeURIComponent(row.connectionId)}`;
  const curl =
    bodyText === null
      ? null
      : curlCommand({ url: inboundUrl, headers: row.headers, body: bodyText, auth: connection?.auth });

  return (
    <>
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
        <dd>{connection?.name ?? row.connectionId}</dd>
        <dt>Request id</dt>
        <dd className="mono">{row.id}</dd>
        <dt>Event id</dt>
        <dd className="mono">{row.eventId ?? '—'}</dd>
        <dt>Duplicate of</dt>
        <dd className="mono">{row.duplicateOf ?? '—'}</dd>
        <dt>Contact</dt>
        <dd className="mono">{row.contactId ?? '—'}</dd>
        <dt>Body size</dt>
        <dd>{formatBytes(row.bodySize)}</dd>
      </dl>
      <div className="actions detail-actions">
        <CopyButton value={globalThis.location.href} label="Copy a link to this request" text="Copy link" />
        {curl !== null && <CopyButton value={curl} label="Copy as curl" text="Copy as curl" />}
      </div>
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
      <h4>Body</h4>
      <ErrorMessage message={full.error} />
      {bodyText === null ? (
        !full.error && <Loading label="Loading the body…" />
      ) : bodyText === '' ? (
        <p className="muted">Empty body.</p>
      ) : (
        <BodyViewer
          text={bodyText}
          {...(full.body && { bytes: full.body.bytes, contentType: full.body.contentType })}
          fileName={row.eventId ?? row.id}
        />
      )}
      {!stored && bodyText !== '' && (
        <p className="help">
          Not stored as an event: this is the preview history keeps
          {row.bodySize > 4096 ? ' (the first 4 KB)' : ''}, with signature fields redacted.
        </p>
      )}
      {curl !== null && (
        <>
          <h4>As curl</h4>
          <p className="help">
            The credential is left out: set <code>{SECRET_PLACEHOLDER.slice(1)}</code> (and a fresh signature
            for signed modes) before running it.
          </p>
          <pre className="body-preview curl" data-testid="curl-command">
            {curl}
          </pre>
        </>
      )}
    </>
  );
}
