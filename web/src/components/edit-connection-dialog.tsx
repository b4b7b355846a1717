import { useId, useState } from 'react';
import type { Connection, ConnectionPatch } from '../api/types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { ConnectionNameField, MaxBodyField } from './connection-fields.tsx';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

interface EditConnectionDialogProps {
  readonly connection: Connection;
  readonly onClose: () => void;
  readonly onSaved: (connection: Connection) => void;
}

/** PATCH name, body limit and enabled. The auth mode is fixed; the secret changes only by rotation. */
export function EditConnectionDialog({ connection, onClose, onSaved }: EditConnectionDialogProps) {
  const api = useApi();
  const enabledId = useId();
  const [name, setName] = useState(connection.name);
  const [maxBody, setMaxBody] = useState(connection.maxBodyBytes ? String(connection.maxBodyBytes) : '');
  const [enabled, setEnabled] = useState(connection.enabled !== false);

  function submit() {
    const patch: ConnectionPatch = {
      name: name.trim(),
      maxBodyBytes: maxBody.trim() ? Number(maxBody) : null,
      enabled,
    };
    return api.updateConnection(connection.id, patch).then(onSaved);
  }

  return (
    <Dialog title={`Edit ${connection.name}`} onClose={onClose}>
      <DialogForm onSubmit={submit} onCancel={onClose} submitLabel="Save">
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
      </DialogForm>
    </Dialog>
  );
}
