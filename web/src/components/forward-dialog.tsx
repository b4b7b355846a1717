import { useId, useState } from 'react';
import type { ConnectionWithForwardSecret, Forward } from '../api/types.ts';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

interface ForwardDialogProps {
  readonly current: Forward | null;
  readonly onSave: (url: string) => Promise<ConnectionWithForwardSecret>;
  readonly onSaved: (saved: ConnectionWithForwardSecret) => void;
  readonly onClose: () => void;
}

/** Turns forwarding on (or changes its URL): every accepted event is sent to the URL, signed. */
export function ForwardDialog({ current, onSave, onSaved, onClose }: ForwardDialogProps) {
  const urlId = useId();
  const [url, setUrl] = useState(current?.url ?? '');

  const submit = () => onSave(url.trim()).then(onSaved);

  return (
    <Dialog title={current ? 'Change the forward URL' : 'Forward events to your backend'} onClose={onClose}>
      <DialogForm onSubmit={submit} onCancel={onClose} submitLabel={current ? 'Save' : 'Start forwarding'}>
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
      </DialogForm>
    </Dialog>
  );
}
