import type { FlowRun } from '../api/flow-types.ts';
import { formatTime } from '../lib/format.ts';
import { prettyJson } from '../lib/processing-labels.ts';
import { DetailPanel } from './detail-panel.tsx';
import { RunBadge } from './feedback.tsx';

/** One run: status, error, the input it received, the output it delivered, and each action's result. */
export function RunDetail({ run, onClose }: { readonly run: FlowRun; readonly onClose: () => void }) {
  return (
    <DetailPanel title="Run detail" onClose={onClose}>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <RunBadge status={run.status} />
        </dd>
        <dt>Error</dt>
        <dd>{run.error ?? '—'}</dd>
        <dt>Event id</dt>
        <dd className="mono">{run.eventId}</dd>
        <dt>Started</dt>
        <dd>{formatTime(run.startedAt)}</dd>
      </dl>
      <h4>Actions</h4>
      {run.actions.length === 0 ? (
        <p className="muted">
          No action ran{run.status === 'filtered' ? ': the filter left the event out.' : '.'}
        </p>
      ) : (
        <table className="table compact">
          <tbody>
            {run.actions.map((action) => (
              <tr key={`${action.endpointId} ${action.messageId ?? action.error ?? ''}`}>
                <th scope="row" className="mono">
                  {action.endpointId}
                </th>
                <td className={action.error ? 'error-text' : 'mono'}>
                  {action.error ?? `Published ${action.messageId ?? ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Input</h4>
      <pre className="body-preview" data-testid="run-input">
        {prettyJson(run.input)}
      </pre>
      <h4>Output</h4>
      <pre className="body-preview" data-testid="run-output">
        {prettyJson(run.output)}
      </pre>
    </DetailPanel>
  );
}
