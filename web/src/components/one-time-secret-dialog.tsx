import type { ReactNode } from 'react';
import { Dialog } from './dialog.tsx';
import { SecretBox } from './secret-box.tsx';

/** A secret to reveal once; the parent drops it from state when the dialog closes. */
export interface OneTimeSecret {
  readonly title: string;
  readonly secret: string;
  /** What the secret is for and who needs it. */
  readonly hint: ReactNode;
}

/**
 * Shows a generated outbound secret exactly once, with a copy button. It cannot be dismissed with Escape:
 * the user acknowledges that they saved it.
 */
export function OneTimeSecretDialog({
  title,
  secret,
  hint,
  onClose,
}: OneTimeSecret & { readonly onClose: () => void }) {
  return (
    <Dialog title={title} onClose={onClose} dismissible={false}>
      <div className="warning" role="note">
        <strong>Copy this secret now. It is shown only once.</strong> hookgate keeps it encrypted and shows
        only a masked preview from now on. If you lose it, rotate it.
      </div>
      <SecretBox label="Secret" value={secret} copyLabel="Copy secret" />
      <p className="muted">{hint}</p>
      <div className="actions">
        <button type="button" onClick={onClose}>
          I have saved the secret
        </button>
      </div>
    </Dialog>
  );
}
