import type { Connection } from '../api/types.ts';
import { TESTABLE_MODES } from '../lib/test-request.ts';
import { Dialog } from './dialog.tsx';
import { SecretBox } from './secret-box.tsx';
import { TestRequestButton } from './test-request-button.tsx';

/** What the dialog reveals after a create or a rotation; dropped from state when it closes. */
export interface SecretReveal {
  readonly title: string;
  readonly connection: Connection;
  /** The generated secret, shown here once; null when the user supplied their own. */
  readonly secret: string | null;
  /** The secret used to sign a test request (generated or typed); never rendered. */
  readonly signingSecret: string | null;
}

interface SecretDialogProps extends SecretReveal {
  readonly onClose: () => void;
}

function headerHint(connection: Connection): string | null {
  const { auth } = connection;
  const header = typeof auth.header === 'string' ? auth.header : null;
  if (auth.mode === 'shared_secret')
    return `The partner sends it in the ${header ?? 'x-webhook-secret'} header.`;
  if (auth.mode === 'api_key') return `The partner sends it in the ${header ?? 'x-api-key'} header.`;
  if (auth.mode === 'hmac')
    return `The partner signs the raw body with it and sends the signature in ${header}.`;
  if (auth.mode === 'body_hash') return 'The partner signs the JSON body with it (HMAC-SHA256).';
  return null;
}

/**
 * Shows a newly generated secret exactly once. Closing the dialog drops it from memory: the parent
 * clears its state, so afterwards only `secretPreview` exists in the page.
 */
export function SecretDialog({ title, connection, secret, signingSecret, onClose }: SecretDialogProps) {
  const hint = headerHint(connection);
  const testable = signingSecret !== null && TESTABLE_MODES.includes(connection.auth.mode);
  return (
    <Dialog title={title} onClose={onClose} dismissible={false}>
      {secret ? (
        <>
          <div className="warning" role="note">
            <strong>Copy this secret now. It is shown only once.</strong> hookgate keeps only a hash or an
            encrypted copy; after you close this dialog you will see just its preview. If you lose it, rotate
            the secret.
          </div>
          <SecretBox label="Secret" value={secret} copyLabel="Copy secret" />
        </>
      ) : (
        <p>
          The connection uses the secret you provided. Its preview is{' '}
          {connection.secretPreview ?? 'not available'}.
        </p>
      )}
      {hint && <p className="muted">{hint}</p>}
      <SecretBox label="Inbound URL" value={connection.inboundUrl} copyLabel="Copy inbound URL" kind="url" />
      {testable && <TestRequestButton connection={connection} secret={signingSecret} />}
      <div className="actions">
        <button type="button" onClick={onClose}>
          {secret ? 'I have saved the secret' : 'Done'}
        </button>
      </div>
    </Dialog>
  );
}
