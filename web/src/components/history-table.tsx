import type { HistoryRow } from '../api/types.ts';
import { formatBytes, formatTime } from '../lib/format.ts';
import { InsecureTransportBadge, OutcomeBadge } from './feedback.tsx';
import { ForwardBadge } from './forward-section.tsx';
import { Link } from './layout.tsx';

interface HistoryTableProps {
  readonly rows: readonly HistoryRow[];
  readonly selectedId: string | null;
  /** The URL that opens a row in the inspector (shareable; opened in place without a reload). */
  readonly rowHref: (row: HistoryRow) => string;
  /** Connection names by id; the column is shown when given (global history). */
  readonly connectionNames?: ReadonlyMap<string, string>;
}

/** Newest-first request rows; the time cell links to the row's inspector. */
export function HistoryTable({ rows, selectedId, rowHref, connectionNames }: HistoryTableProps) {
  // The Forward column appears once any listed event was forwarded.
  const forwarding = rows.some((row) => row.forward);
  return (
    <table className="table history-table">
      <thead>
        <tr>
          <th scope="col">Received</th>
          {connectionNames && <th scope="col">Connection</th>}
          <th scope="col">Outcome</th>
          <th scope="col">Message</th>
          {forwarding && <th scope="col">Forward</th>}
          <th scope="col" className="num">
            Size
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            className={row.id === selectedId ? 'selected' : undefined}
            data-outcome={row.outcome}
          >
            <td>
              <Link
                to={rowHref(row)}
                current={row.id === selectedId && 'true'}
                label={`Details of the request received ${formatTime(row.receivedAt)}`}
              >
                {formatTime(row.receivedAt)}
              </Link>
            </td>
            {connectionNames && <td>{connectionNames.get(row.connectionId) ?? row.connectionId}</td>}
            <td>
              <OutcomeBadge outcome={row.outcome} /> <InsecureTransportBadge warnings={row.warnings} />
            </td>
            <td className="message-cell">{row.message ?? ''}</td>
            {forwarding && <td>{row.forward ? <ForwardBadge forward={row.forward} /> : ''}</td>}
            <td className="num">{formatBytes(row.bodySize)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
