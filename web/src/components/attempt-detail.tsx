import type { Attempt } from '../api/delivery-types.ts';
import { formatTime, prettyBody } from '../lib/format.ts';
import { extraError } from '../lib/outbound-labels.ts';
import { DetailPanel } from './detail-panel.tsx';

/** One delivery attempt: result, latency, error and the receiver's response body (first 4 KB). */
export function AttemptDetail({
  attempt,
  onClose,
}: {
  readonly attempt: Attempt;
  readonly onClose: () => void;
}) {
  const body = prettyBody(attempt.responseBodyPreview);

  return (
    <DetailPanel title="Attempt detail" onClose={onClose}>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{attempt.status === 'SUCCESS' ? 'Succeeded' : 'Failed'}</dd>
        <dt>Response</dt>
        <dd>{attempt.responseStatus === null ? 'No response' : `HTTP ${attempt.responseStatus}`}</dd>
        <dt>Error</dt>
        <dd>{extraError(attempt.error, attempt.responseStatus) || '—'}</dd>
        <dt>Attempt</dt>
        <dd>{attempt.attempt}</dd>
        <dt>Message</dt>
        <dd className="mono">{attempt.messageId}</dd>
        <dt>Sent</dt>
        <dd>{formatTime(attempt.createdAt)}</dd>
        <dt>Latency</dt>
        <dd>{attempt.latencyMs} ms</dd>
      </dl>
      <h4>Response body{body.json ? ' (JSON)' : ''}</h4>
      {attempt.responseBodyPreview ? (
        <pre className="body-preview" data-testid="response-body">
          {body.text}
        </pre>
      ) : (
        <p className="muted">Empty response body.</p>
      )}
    </DetailPanel>
  );
}
