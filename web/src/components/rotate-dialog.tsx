import { type FormEvent, useId, useState } from 'react';
import type { Connection, ConnectionWithSecret, RotateInput } from '../api/types.ts';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

const GRACE_OPTIONS = [
  { seconds: 0, label: 'None: the old secret stops working immediately' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
];

interface RotateDialogProps {
  readonly connection: Connection;
  readonly onClose: () => void;
  readonly onRotated: (result: ConnectionWithSecret, typedSecret: string | null) => void;
}

/** Rotation with an optional grace period, behind an explicit confirmation that partners must be updated. */
export function RotateDialog({ connection, onClose, onRotated }: RotateDialogProps) {
  const api = useApi();
  const handleError = useErrorHandler();
  const ids = { grace: useId(), secret: useId(), secretHelp: useId(), confirm: useId() };
  const [grace, setGrace] = useState(0);
  const [secret, setSecret] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!confirmed) return;
    const typed = secret.trim() || null;
    const input: RotateInput = {
      ...(grace > 0 ? { graceSeconds: grace } : {}),
      ...(typed ? { secret: typed } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const result = await api.rotateSecret(connection.id, input);
      setSecret('');
      onRotated(result, typed);
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Rotate the secret of ${connection.name}`} onClose={onClose} tone="danger">
      <form onSubmit={submit} className="form">
        <div className="warning" role="note">
          <strong>Every partner that sends to this connection must be updated with the new secret.</strong>{' '}
          Until they are, their requests fail with 401 once the old secret stops working.
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
        <div className="field">
          <label htmlFor={ids.secret}>New secret (optional)</label>
          <input
            id={ids.secret}
            type="password"
            autoComplete="new-password"
            value={secret}
            aria-describedby={ids.secretHelp}
            onChange={(e) => setSecret(e.target.value)}
          />
          <p id={ids.secretHelp} className="help">
            Leave empty and hookgate generates one, shown once after rotation.
          </p>
        </div>
        <div className="check">
          <input
            id={ids.confirm}
            type="checkbox"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
          />
          <label htmlFor={ids.confirm}>
            I understand that every partner must be updated with the new secret
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
