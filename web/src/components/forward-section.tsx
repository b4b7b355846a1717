import { useCallback, useEffect, useState } from 'react';
import type { ForwardAttempt, ForwardSummary } from '../api/types.ts';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { forwardLabel, forwardTone } from '../lib/forward-labels.ts';
import { extraError } from '../lib/outbound-labels.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorMessage, Loading } from './feedback.tsx';

/** A forward status as a badge. */
export function ForwardBadge({ forward }: { readonly forward: ForwardSummary }) {
  return (
    <span className={`badge badge-${forwardTone(forward.status)}`}>
      {forwardLabel(forward.status)}
      {forward.attempts > 1 ? ` · ${forward.attempts} attempts` : ''}
    </span>
  );
}

interface ForwardSectionProps {
  readonly eventId: string;
  readonly forward: ForwardSummary;
}

/** In a request's detail: the forward's status, its attempts (newest first) and a Redeliver button. */
export function ForwardSection({ eventId, forward }: ForwardSectionProps) {
  const api = useApi();
  const handleError = useErrorHandler();
  const [attempts, setAttempts] = useState<readonly ForwardAttempt[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [queued, setQueued] = useState(false);

  const load = useCallback(() => {
    api.forwarding.attempts(eventId).then(
      (page) => setAttempts(page.items),
      (err: unknown) => setError(handleError(err)),
    );
  }, [api, eventId, handleError]);
  useEffect(load, [load]);

  return (
    <section aria-label="Forward">
      <h4>
        Forward <ForwardBadge forward={forward} />
      </h4>
      <ErrorMessage message={error} />
      {attempts === null ? (
        error ? null : (
          <Loading label="Loading attempts…" />
        )
      ) : attempts.length === 0 ? (
        <p className="muted">Not attempted yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Result</th>
              <th scope="col">When</th>
              <th scope="col" className="num">
                ms
              </th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.attempt} data-status={a.status}>
                <td>{a.attempt}</td>
                <td>
                  {[a.statusCode ?? '—', extraError(a.error, a.statusCode)].filter(Boolean).join(' · ')}
                </td>
                <td>{formatTime(a.at)}</td>
                <td className="num">{a.durationMs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {queued ? (
        <p role="status" className="notice">
          Redelivery queued.
        </p>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Redeliver
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title="Redeliver this event?"
          confirmLabel="Redeliver"
          onConfirm={async () => {
            await api.forwarding.redeliver(eventId);
            setConfirming(false);
            setQueued(true);
            load();
          }}
          onClose={() => setConfirming(false)}
        >
          <p>
            The event is forwarded again now, with the same webhook-id, so a backend that deduplicates
            processes it once.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
