import { type FormEvent, useId, useState } from 'react';
import type { OutboundRotateInput } from '../api/outbound-types.ts';
import { useErrorHandler } from '../hooks/api-context.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

const GRACE_OPTIONS = [
  { seconds: 0, label: 'None: only the new secret from now on' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
];

interface OutboundRotateDialogProps {
  readonly title: string;
  /** Who must be updated, said before anything changes. */
  readonly warning: string;
  /** Endpoints may be given a credential; applications always get a generated one. */
  readonly allowTypedSecret: boolean;
  readonly onRotate: (input: OutboundRotateInput) => Promise<void>;
  readonly onClose: () => void;
}

/** Rotation of an application secret or an endpoint credential, behind an explicit confirmation. */
export function OutboundRotateDialog({
  title,
  warning,
  allowTypedSecret,
  onRotate,
  onClose,
}: OutboundRotateDialogProps) {
  const handleError = useErrorHandler();
  const ids = { grace: useId(), secret: useId(), help: useId(), confirm: useId() };
  const [grace, setGrace] = useState(0);
  const [secret, setSecret] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    setError(null);
    try {
      await onRotate({
        ...(grace > 0 ? { graceSeconds: grace } : {}),
        ...(allowTypedSecret && secret.trim() ? { secret: secret.trim() } : {}),
      });
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose} tone="danger">
      <form onSubmit={submit} className="form">
        <div className="warning" role="note">
          <strong>{warning}</strong> During the grace period hookgate signs with both the old and the new
          secret (hookgate and Standard Webhooks styles).
        </div>
        <div className="field">
          <label htmlFor={ids.grace}>Grace period for the old secret</label>
          <select id={ids.grace} value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
            {GRACE_OPTIONS.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {allowTypedSecret && (
          <div className="field">
            <label htmlFor={ids.secret}>New credential (optional)</label>
            <input
              id={ids.secret}
              type="password"
              autoComplete="new-password"
              value={secret}
              aria-describedby={ids.help}
              onChange={(e) => setSecret(e.target.value)}
            />
            <p id={ids.help} className="help">
              Leave empty and hookgate generates one, shown once after rotation.
            </p>
          </div>
        )}
        <div className="check">
          <input
            id={ids.confirm}
            type="checkbox"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
          />
          <label htmlFor={ids.confirm}>
            I understand that every receiver must be updated with the new secret
          </label>
        </div>
        <ErrorMessage message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!confirmed || busy}>
            {busy ? 'Rotating…' : 'Rotate secret'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
