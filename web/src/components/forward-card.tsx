import { useState } from 'react';
import type { Connection } from '../api/types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ForwardDialog } from './forward-dialog.tsx';
import { type OneTimeSecret, OneTimeSecretDialog } from './one-time-secret-dialog.tsx';
import { ReplayFailedDialog, type ReplayWording } from './replay-failed-dialog.tsx';
import { RotateDialog } from './rotate-dialog.tsx';

type Open = 'edit' | 'off' | 'rotate' | 'redeliver' | null;

const REDELIVER: ReplayWording = {
  title: 'Redeliver failed events',
  intro: 'Every event whose forward failed or died is forwarded again, with the same webhook-id.',
  windowLabel: 'Received in',
  action: 'Redeliver failed',
  noun: ['event', 'events'],
};

const SECRET_HINT =
  'Your backend verifies each forward with it: new Webhook(secret).verify(body, headers) from the ' +
  'standardwebhooks library.';

interface ForwardCardProps {
  readonly connection: Connection;
  readonly onChanged: (connection: Connection) => void;
}

/** The connection's forwarding: URL and secret preview, turn on / change / off, rotate, redeliver failed. */
export function ForwardCard({ connection, onChanged }: ForwardCardProps) {
  const api = useApi();
  const [open, setOpen] = useState<Open>(null);
  const [reveal, setReveal] = useState<OneTimeSecret | null>(null);
  const forward = connection.forward ?? null;

  return (
    <div className="card" data-testid="forward-card">
      {forward ? (
        <dl className="facts">
          <dt>Forward URL</dt>
          <dd className="url-cell">
            <code className="url">{forward.url}</code>
          </dd>
          <dt>Forward secret</dt>
          <dd className="mono" data-testid="forward-secret-preview">
            {forward.secretPreview}
          </dd>
          <dt>Retry schedule</dt>
          <dd>{forward.retrySchedule.map((s) => `${s} s`).join(', ')}</dd>
        </dl>
      ) : (
        <p className="muted">
          Not forwarding. Forward every accepted event to your backend, signed and retried until it answers.
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setOpen('edit')}>
          {forward ? 'Change URL' : 'Set up forwarding'}
        </button>
        {forward && (
          <>
            <button type="button" className="secondary" onClick={() => setOpen('redeliver')}>
              Redeliver failed…
            </button>
            <button type="button" className="secondary" onClick={() => setOpen('rotate')}>
              Rotate forward secret
            </button>
            <button type="button" className="danger" onClick={() => setOpen('off')}>
              Stop forwarding
            </button>
          </>
        )}
      </div>
      {open === 'edit' && (
        <ForwardDialog
          current={forward}
          onSave={(url) => api.forwarding.setForward(connection.id, { url })}
          onSaved={({ forwardSecret, ...saved }) => {
            setOpen(null);
            onChanged(saved);
            if (forwardSecret)
              setReveal({ title: 'Forwarding is on', secret: forwardSecret, hint: SECRET_HINT });
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'off' && (
        <ConfirmDialog
          title="Stop forwarding?"
          confirmLabel="Stop forwarding"
          onConfirm={async () => {
            onChanged(await api.forwarding.setForward(connection.id, null));
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        >
          <p>
            New events are no longer forwarded and forwards still waiting for a retry stop. Turning forwarding
            on again creates a new secret.
          </p>
        </ConfirmDialog>
      )}
      {open === 'rotate' && (
        <RotateDialog
          title="Rotate the forward secret"
          warning="Your backend must be updated with the new secret."
          consequence="Until it is, its signature checks fail once the old secret stops signing."
          noGraceLabel="None: forwards are signed with the new secret only, from now on"
          audience="backend"
          onRotate={async (input) => {
            const rotated = await api.forwarding.rotateSecret(connection.id, input.graceSeconds ?? 0);
            setOpen(null);
            onChanged(rotated.connection);
            setReveal({ title: 'Forward secret rotated', secret: rotated.forwardSecret, hint: SECRET_HINT });
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'redeliver' && (
        <ReplayFailedDialog
          wording={REDELIVER}
          onReplay={async (since) => (await api.forwarding.redeliverFailed(connection.id, since)).queued}
          onClose={() => setOpen(null)}
        />
      )}
      {reveal && <OneTimeSecretDialog {...reveal} onClose={() => setReveal(null)} />}
    </div>
  );
}
