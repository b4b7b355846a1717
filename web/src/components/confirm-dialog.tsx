import { type ReactNode, useState } from 'react';
import { useErrorHandler } from '../hooks/api-context.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

interface ConfirmDialogProps {
  readonly title: string;
  readonly confirmLabel: string;
  readonly children: ReactNode;
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

/** A destructive action behind one explicit confirmation; API errors stay in the dialog. */
export function ConfirmDialog({ title, confirmLabel, children, onConfirm, onClose }: ConfirmDialogProps) {
  const handleError = useErrorHandler();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose} tone="danger">
      <div className="form">
        {children}
        <ErrorMessage message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="button" className="danger" onClick={confirm} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
