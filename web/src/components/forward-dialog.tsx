import { type FormEvent, useId, useState } from 'react';
import type { ConnectionWithForwardSecret, Forward } from '../api/types.ts';
import { useErrorHandler } from '../hooks/api-context.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

interface ForwardDialogProps {
  readonly current: Forward | null;
  readonly onSave: (url: string) => Promise<ConnectionWithForwardSecret>;
  readonly onSaved: (saved: ConnectionWithForwardSecret) => void;
  readonly onClose: () => void;
}

/** Turns forwarding on (or changes its URL): every accepted event is sent to the URL, signed. */
export function ForwardDialog({ current, onSave, onSaved, onClose }: ForwardDialogProps) {
  const handleError = useErrorHandler();
  const urlId = useId();
  const [url, setUrl] = useState(current?.url ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await onSave(url.trim()));
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={current ? 'Change the forward URL' : 'Forward events to your backend'} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <p>
          Every accepted event is sent to this URL with its exact body, signed with Standard Webhooks headers,
          and retried while your backend is down.
        </p>
        <div className="field">
          <label htmlFor={urlId}>Forward URL</label>
          <input
            id={urlId}
            type="url"
            required
            placeholder="https://api.example.com/hooks"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
        <ErrorMessage message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : current ? 'Save' : 'Start forwarding'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
