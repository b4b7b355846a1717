import type { Endpoint } from '../api/delivery-types.ts';
import { useSigningStyles } from '../hooks/use-signing-styles.ts';
import { formatTime } from '../lib/format.ts';
import { type SigningStyles, styleLabel } from '../lib/outbound-labels.ts';

function signingFacts(endpoint: Endpoint, styles: SigningStyles): string {
  const { style, secretScope, ...rest } = endpoint.signing;
  const extra = Object.entries(rest)
    .filter(([, value]) => typeof value === 'string')
    .map(([key, value]) => `${key} ${String(value)}`);
  const scope =
    secretScope === 'endpoint'
      ? 'its own credential'
      : secretScope === 'application'
        ? "the application's secret"
        : '';
  return [styleLabel(styles, style), scope && `with ${scope}`, ...extra].filter(Boolean).join(', ');
}

/** URL, subscriptions, signing, credential mask, limits, headers and retries of one endpoint. */
export function EndpointSummary({ endpoint }: { readonly endpoint: Endpoint }) {
  const headers = Object.entries(endpoint.headers);
  const styles = useSigningStyles();
  return (
    <dl className="facts card">
      <dt>URL</dt>
      <dd>
        <code className="url">{endpoint.url}</code>
      </dd>
      {endpoint.description && (
        <div className="fact-row">
          <dt>Description</dt>
          <dd>{endpoint.description}</dd>
        </div>
      )}
      <dt>Event types</dt>
      <dd className="mono">{endpoint.eventTypes?.join(', ') ?? 'All event types'}</dd>
      <dt>Signing</dt>
      <dd>{signingFacts(endpoint, styles)}</dd>
      <dt>Own credential</dt>
      <dd className="mono" data-testid="secret-preview">
        {endpoint.secretPreview ?? '—'}
      </dd>
      {endpoint.disabledReason && (
        <div className="fact-row">
          <dt>Disabled because</dt>
          <dd className="error-text">{endpoint.disabledReason}</dd>
        </div>
      )}
      <dt>Limits</dt>
      <dd>
        {endpoint.rateLimit ? `${endpoint.rateLimit} requests/s` : 'No rate limit'},{' '}
        {endpoint.maxConcurrency ? `${endpoint.maxConcurrency} in flight` : 'default concurrency'}
      </dd>
      <dt>Retry schedule</dt>
      <dd>{endpoint.retrySchedule ? `${endpoint.retrySchedule.join(', ')} s` : 'Gateway default'}</dd>
      <dt>Custom headers</dt>
      <dd className="mono">{headers.length ? headers.map(([k, v]) => `${k}: ${v}`).join('; ') : '—'}</dd>
      <dt>Created</dt>
      <dd>{formatTime(endpoint.createdAt)}</dd>
    </dl>
  );
}
