import { useId, useState } from 'react';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

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
  const ids = { name: useId(), help: useId() };
  const [name, setName] = useState(initialName);

  return (
    <Dialog title={title} onClose={onClose}>
      <DialogForm onSubmit={() => onSubmit(name.trim())} onCancel={onClose} submitLabel={submitLabel}>
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
      </DialogForm>
    </Dialog>
  );
}
