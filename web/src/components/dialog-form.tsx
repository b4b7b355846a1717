import { type FormEvent, type ReactNode, useState } from 'react';
import { useErrorHandler } from '../hooks/api-context.tsx';
import { ErrorMessage } from './feedback.tsx';

interface DialogFormProps {
  /**
   * Runs on submit. A string is a problem to show without calling the API (a field to fix); undefined does
   * nothing; a promise makes the form busy until it settles, and its rejection is shown (the API's message).
   */
  readonly onSubmit: () => Promise<unknown> | string | undefined;
  readonly onCancel: () => void;
  readonly submitLabel: string;
  /** What the submit button says while busy. */
  readonly busyLabel?: string;
  /** A submit that destroys or replaces something. */
  readonly danger?: boolean;
  /** The submit button is also disabled while this holds (e.g. nothing to send yet). */
  readonly disabled?: boolean;
  /** A problem shown while there is no submit error (e.g. the pasted input does not parse). */
  readonly problem?: string | null;
  /**
   * After success, take input again (the dialog goes on to show a result). By default the form stays busy:
   * the dialog is about to close.
   */
  readonly reusable?: boolean;
  readonly children: ReactNode;
}

/** A dialog's form: its fields, the error of the last submit, and Cancel and submit buttons. */
export function DialogForm({
  onSubmit,
  onCancel,
  submitLabel,
  busyLabel = 'Saving…',
  danger = false,
  disabled = false,
  problem = null,
  reusable = false,
  children,
}: DialogFormProps) {
  const handleError = useErrorHandler();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const started = onSubmit();
    if (typeof started === 'string') return setError(started);
    if (started === undefined) return;
    setBusy(true);
    setError(null);
    try {
      await started;
      if (reusable) setBusy(false);
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="form">
      {children}
      <ErrorMessage message={error ?? problem} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={danger ? 'danger' : undefined} disabled={busy || disabled}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
