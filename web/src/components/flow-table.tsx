import type { Flow } from '../api/flow-types.ts';
import type { Connection } from '../api/types.ts';
import { connectionName } from '../hooks/use-connections.ts';
import { type EndpointOptions, endpointLabel } from '../hooks/use-endpoint-options.ts';
import { connectionPath, flowPath } from '../hooks/use-route.ts';
import { describeFilter } from '../lib/flow-form.ts';
import { StatusBadge } from './feedback.tsx';
import { Link } from './layout.tsx';

interface FlowTableProps {
  readonly flows: readonly Flow[];
  readonly connections: readonly Connection[];
  readonly endpoints: EndpointOptions;
}

/** Every flow with its trigger connection, filter, transform, deliveries and status. */
export function FlowTable({ flows, connections, endpoints }: FlowTableProps) {
  return (
    <table className="table flow-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Trigger</th>
          <th scope="col">Filter</th>
          <th scope="col">Transform</th>
          <th scope="col">Delivers to</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {flows.map((flow) => (
          <tr key={flow.id} data-flow-id={flow.id}>
            <td>
              <Link to={flowPath(flow.id)}>{flow.name}</Link>
            </td>
            <td>
              <span className="muted small">Request accepted on </span>
              <Link to={connectionPath(flow.trigger.connectionId)}>
                {connectionName(connections, flow.trigger.connectionId)}
              </Link>
            </td>
            <td>{describeFilter(flow)}</td>
            <td>{flow.transform ? 'JSONata' : <span className="muted">Payload as is</span>}</td>
            <td className="small">
              {flow.actions.map((action) => (
                <div key={`${action.endpointId}:${action.eventType ?? ''}`} title={action.endpointId}>
                  {endpointLabel(endpoints, action.endpointId)}
                  {action.eventType ? <span className="mono"> ({action.eventType})</span> : ''}
                </div>
              ))}
            </td>
            <td>
              <StatusBadge enabled={flow.enabled} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
