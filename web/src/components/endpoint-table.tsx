import type { Endpoint } from '../api/delivery-types.ts';
import { endpointPath } from '../hooks/use-route.ts';
import { useSigningStyles } from '../hooks/use-signing-styles.ts';
import { styleLabel } from '../lib/outbound-labels.ts';
import { StatusBadge } from './feedback.tsx';
import { Link } from './layout.tsx';

/** An application's endpoints: URL, subscriptions, signing, status and credential mask. */
export function EndpointTable({ endpoints }: { readonly endpoints: readonly Endpoint[] }) {
  const styles = useSigningStyles();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Endpoint</th>
          <th scope="col">Event types</th>
          <th scope="col">Signing</th>
          <th scope="col">Status</th>
          <th scope="col">Own credential</th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((endpoint) => (
          <tr key={endpoint.id} data-endpoint-id={endpoint.id}>
            <td>
              <Link to={endpointPath(endpoint.applicationId, endpoint.id)}>
                <span className="url truncate" title={endpoint.url}>
                  {endpoint.url}
                </span>
              </Link>
              {endpoint.description && <div className="muted small">{endpoint.description}</div>}
            </td>
            <td className="mono small">{endpoint.eventTypes?.join(', ') ?? 'All'}</td>
            <td className="small">{styleLabel(styles, endpoint.signing.style)}</td>
            <td>
              <StatusBadge enabled={endpoint.enabled} />
              {endpoint.disabledReason && <div className="muted small">{endpoint.disabledReason}</div>}
            </td>
            <td className="mono" data-testid="secret-preview">
              {endpoint.secretPreview ?? '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
