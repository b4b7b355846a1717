import type { Flow } from '../api/flow-types.ts';
import { connectionPath } from '../hooks/use-route.ts';
import { formatOperand } from '../lib/flow-form.ts';
import { formatTime } from '../lib/format.ts';
import { Link } from './layout.tsx';

const OPS: Record<string, string> = {
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'in',
  contains: 'contains',
  not_contains: 'does not contain',
  exists: 'exists',
  not_exists: 'does not exist',
};

/** A flow's trigger, filter, transform and actions as facts. */
export function FlowSummary({
  flow,
  connectionName,
  endpointName,
}: {
  readonly flow: Flow;
  readonly connectionName: string;
  readonly endpointName: (id: string) => string;
}) {
  const conditions = flow.filter?.conditions ?? [];
  return (
    <dl className="facts card">
      <dt>Trigger</dt>
      <dd>
        Request accepted on <Link to={connectionPath(flow.trigger.connectionId)}>{connectionName}</Link>
      </dd>
      <dt>Filter</dt>
      <dd>
        {conditions.length === 0 ? (
          'None: every request runs the flow'
        ) : (
          <>
            {conditions.length > 1 && (flow.filter?.match === 'any' ? 'Any of:' : 'All of:')}
            <ul className="plain-list">
              {conditions.map((c) => (
                <li key={`${c.path} ${c.op} ${JSON.stringify(c.value)}`} className="mono">
                  {c.path} {OPS[c.op] ?? c.op}
                  {c.op === 'exists' || c.op === 'not_exists'
                    ? ''
                    : ` ${JSON.stringify(c.value) ?? formatOperand(c.value)}`}
                </li>
              ))}
            </ul>
          </>
        )}
      </dd>
      <dt>Transform</dt>
      <dd>
        {flow.transform ? (
          <pre className="code-block">{flow.transform}</pre>
        ) : (
          'None: the payload is delivered as is'
        )}
      </dd>
      <dt>Delivers to</dt>
      <dd>
        <ul className="plain-list">
          {flow.actions.map((action) => (
            <li key={`${action.endpointId} ${action.eventType ?? ''}`}>
              {endpointName(action.endpointId)} <span className="mono muted small">{action.endpointId}</span>{' '}
              as <span className="mono">{action.eventType ?? 'webhook.received'}</span>
            </li>
          ))}
        </ul>
      </dd>
      <dt>Updated</dt>
      <dd>{formatTime(flow.updatedAt)}</dd>
    </dl>
  );
}
