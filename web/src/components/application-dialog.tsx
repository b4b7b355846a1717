import { type FormEvent, useId, useState } from 'react';
import { useErrorHandler } from '../hooks/api-context.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

interface ApplicationDialogProps {
  readonly title: string;
  readonly initialName: string;
  readonly submitLabel: string;
  readonly onSubmit: (name: string) => Promise<void>;
  readonly onClose: () => void;
}

/** The name of an application: create or rename. */
export function ApplicationDialog({
  title,
  initialName,
  submitLabel,
  onSubmit,
  onClose,
}: ApplicationDialogProps) {
  const handleError = useErrorHandler();
  const ids = { name: useId(), help: useId() };
  const [name, setName] = useState(initialName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim());
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            value={name}
            required
            maxLength={200}
            aria-describedby={ids.help}
            onChange={(e) => setName(e.target.value)}
          />
          <p id={ids.help} className="help">
            One application per customer of your platform, e.g. the merchant's name.
          </p>
        </div>
        <ErrorMessage message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
