import { useId, useState } from 'react';
import type { RotateInput } from '../api/types.ts';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

const GRACE_DURATIONS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
];

interface RotateDialogProps {
  readonly title: string;
  /** Who must be updated, said before anything changes. */
  readonly warning: string;
  /** What happens meanwhile, said after the warning. */
  readonly consequence: string;
  /** Label of the "no grace period" option. */
  readonly noGraceLabel: string;
  /** Label of the optional typed-secret field; without it hookgate always generates the secret. */
  readonly secretLabel?: string;
  /** Who must be updated, in the confirmation ("partner", "receiver"). */
  readonly audience: string;
  readonly onRotate: (input: RotateInput) => Promise<void>;
  readonly onClose: () => void;
}

/**
 * Rotation of a connection secret, application secret or endpoint credential with an optional grace
 * period, behind an explicit confirmation that everyone using it must be updated.
 */
export function RotateDialog({
  title,
  warning,
  consequence,
  noGraceLabel,
  secretLabel,
  audience,
  onRotate,
  onClose,
}: RotateDialogProps) {
  const ids = { grace: useId(), secret: useId(), help: useId(), confirm: useId() };
  const [grace, setGrace] = useState(0);
  const [secret, setSecret] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const graceOptions = [{ seconds: 0, label: noGraceLabel }, ...GRACE_DURATIONS];

  function submit() {
    if (!confirmed) return;
    const typed = secretLabel === undefined ? '' : secret.trim();
    return onRotate({
      ...(grace > 0 ? { graceSeconds: grace } : {}),
      ...(typed ? { secret: typed } : {}),
    }).then(() => setSecret(''));
  }

  return (
    <Dialog title={title} onClose={onClose} tone="danger">
      <DialogForm
        onSubmit={submit}
        onCancel={onClose}
        submitLabel="Rotate secret"
        busyLabel="Rotating…"
        danger
        disabled={!confirmed}
      >
        <div className="warning" role="note">
          <strong>{warning}</strong> {consequence}
        </div>
        <div className="field">
          <label htmlFor={ids.grace}>Grace period for the old secret</label>
          <select id={ids.grace} value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
            {graceOptions.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {secretLabel !== undefined && (
          <div className="field">
            <label htmlFor={ids.secret}>{secretLabel}</label>
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
            I understand that every {audience} must be updated with the new secret
          </label>
        </div>
      </DialogForm>
    </Dialog>
  );
}
