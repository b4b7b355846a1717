import { type FormEvent, useId, useState } from 'react';
import type { Connection, ConnectionPatch } from '../api/types.ts';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { ConnectionNameField, MaxBodyField } from './connection-fields.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

interface EditConnectionDialogProps {
  readonly connection: Connection;
  readonly onClose: () => void;
  readonly onSaved: (connection: Connection) => void;
}

/** PATCH name, body limit and enabled. The auth mode is fixed; the secret changes only by rotation. */
export function EditConnectionDialog({ connection, onClose, onSaved }: EditConnectionDialogProps) {
  const api = useApi();
  const handleError = useErrorHandler();
  const enabledId = useId();
  const [name, setName] = useState(connection.name);
  const [maxBody, setMaxBody] = useState(connection.maxBodyBytes ? String(connection.maxBodyBytes) : '');
  const [enabled, setEnabled] = useState(connection.enabled !== false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const patch: ConnectionPatch = {
      name: name.trim(),
      maxBodyBytes: maxBody.trim() ? Number(maxBody) : null,
      enabled,
    };
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.updateConnection(connection.id, patch));
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Edit ${connection.name}`} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <ConnectionNameField value={name} onChange={setName} />
        <MaxBodyField value={maxBody} onChange={setMaxBody} help="Empty uses the gateway default." />
        <div className="check">
          <input
            id={enabledId}
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <label htmlFor={enabledId}>Enabled (accepts requests)</label>
        </div>
        <ErrorMessage message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
