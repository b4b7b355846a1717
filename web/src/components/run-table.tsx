import type { FlowRun } from '../api/flow-types.ts';
import { formatTime } from '../lib/format.ts';
import { RunBadge } from './feedback.tsx';

interface RunTableProps {
  readonly runs: readonly FlowRun[];
  readonly selectedId: string | null;
  readonly onSelect: (run: FlowRun) => void;
}

function duration(run: FlowRun): string {
  const ms = new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
  return Number.isFinite(ms) ? `${ms} ms` : '—';
}

/** A flow's runs, newest first; the time opens the run's input, output and error. */
export function RunTable({ runs, selectedId, onSelect }: RunTableProps) {
  return (
    <table className="table run-table">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Status</th>
          <th scope="col">Event</th>
          <th scope="col">Error</th>
          <th scope="col" className="num">
            Took
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr
            key={run.id}
            className={run.id === selectedId ? 'selected' : undefined}
            data-status={run.status}
          >
            <td>
              <button
                type="button"
                className="link-button"
                aria-pressed={run.id === selectedId}
                aria-label={`Details of the run started ${formatTime(run.startedAt)}`}
                onClick={() => onSelect(run)}
              >
                {formatTime(run.startedAt)}
              </button>
            </td>
            <td>
              <RunBadge status={run.status} />
            </td>
            <td className="mono small">{run.eventId}</td>
            <td className="message-cell">{run.error ?? ''}</td>
            <td className="num">{duration(run)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
