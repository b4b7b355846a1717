import { type FormEvent, useId, useState } from 'react';
import { useErrorHandler } from '../hooks/api-context.tsx';
import { hoursAgo } from '../lib/outbound-labels.ts';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

const WINDOWS = [
  { hours: 1, label: 'the last hour' },
  { hours: 24, label: 'the last 24 hours' },
  { hours: 24 * 7, label: 'the last 7 days' },
  { hours: 24 * 30, label: 'the last 30 days' },
];

interface ReplayFailedDialogProps {
  readonly onReplay: (since: string) => Promise<number>;
  readonly onClose: () => void;
}

/** Queues every failed and dead-lettered delivery of the endpoint created in a time window again. */
export function ReplayFailedDialog({ onReplay, onClose }: ReplayFailedDialogProps) {
  const handleError = useErrorHandler();
  const windowId = useId();
  const [hours, setHours] = useState(24);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [requeued, setRequeued] = useState<number | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setRequeued(await onReplay(hoursAgo(hours)));
    } catch (err) {
      setError(handleError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Replay failed deliveries" onClose={onClose}>
      {requeued === null ? (
        <form onSubmit={submit} className="form">
          <p>Failed and dead-lettered deliveries start a new cycle of the retry schedule.</p>
          <div className="field">
            <label htmlFor={windowId}>Created in</label>
            <select id={windowId} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {WINDOWS.map((w) => (
                <option key={w.hours} value={w.hours}>
                  {w.label}
                </option>
              ))}
            </select>
          </div>
          <ErrorMessage message={error} />
          <div className="actions">
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" disabled={busy}>
              {busy ? 'Replaying…' : 'Replay failed'}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p role="status" className="notice">
            {requeued === 0
              ? 'Nothing to replay: no failed deliveries in that window.'
              : `${requeued} ${requeued === 1 ? 'delivery' : 'deliveries'} queued again.`}
          </p>
          <div className="actions">
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
