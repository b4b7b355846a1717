import type { Connection } from '../api/types.ts';
import { formatBytes, formatTime, humanize } from '../lib/format.ts';
import { CopyButton } from './copy-button.tsx';
import { SecretState } from './secret-state.tsx';

/** The auth settings of a connection as label/value pairs (the API never returns the secret). */
function settings(connection: Connection): [string, string][] {
  return Object.entries(connection.auth)
    .filter(([key]) => key !== 'mode')
    .map(([key, value]) => [humanize(key), typeof value === 'string' ? value : JSON.stringify(value)]);
}

/** Mode, inbound URL, secret preview and settings of one connection. */
export function ConnectionSummary({
  connection,
  modeLabel,
}: {
  readonly connection: Connection;
  readonly modeLabel: string;
}) {
  return (
    <dl className="facts card">
      <dt>Mode</dt>
      <dd>{modeLabel}</dd>
      <dt>Inbound URL</dt>
      <dd className="url-cell">
        <code className="url">{connection.inboundUrl}</code>
        <CopyButton value={connection.inboundUrl} label="Copy inbound URL" />
      </dd>
      <dt>Secret</dt>
      <dd>
        <span className="mono" data-testid="secret-preview">
          {connection.secretPreview ?? '—'}
        </span>
        <SecretState times={connection} />
      </dd>
      {settings(connection).map(([key, value]) => (
        <div key={key} className="fact-row">
          <dt>{key}</dt>
          <dd className="mono">{value}</dd>
        </div>
      ))}
      <dt>Max body size</dt>
      <dd>{connection.maxBodyBytes ? formatBytes(connection.maxBodyBytes) : 'Gateway default'}</dd>
      <dt>Created</dt>
      <dd>{formatTime(connection.createdAt)}</dd>
    </dl>
  );
}
