import { useId, useState } from 'react';
import { hoursAgo } from '../lib/outbound-labels.ts';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

const WINDOWS = [
  { hours: 1, label: 'the last hour' },
  { hours: 24, label: 'the last 24 hours' },
  { hours: 24 * 7, label: 'the last 7 days' },
  { hours: 24 * 30, label: 'the last 30 days' },
];

/** The words of the dialog: outbound deliveries by default, forwarded events on a connection page. */
export interface ReplayWording {
  readonly title: string;
  readonly intro: string;
  readonly windowLabel: string;
  readonly action: string;
  /** Singular and plural of what is queued again. */
  readonly noun: readonly [string, string];
}

const DELIVERIES: ReplayWording = {
  title: 'Replay failed deliveries',
  intro: 'Failed and dead-lettered deliveries start a new cycle of the retry schedule.',
  windowLabel: 'Created in',
  action: 'Replay failed',
  noun: ['delivery', 'deliveries'],
};

interface ReplayFailedDialogProps {
  readonly onReplay: (since: string) => Promise<number>;
  readonly onClose: () => void;
  readonly wording?: ReplayWording;
}

/** Queues everything that failed in a time window again (an endpoint's deliveries, a connection's forwards). */
export function ReplayFailedDialog({ onReplay, onClose, wording = DELIVERIES }: ReplayFailedDialogProps) {
  const windowId = useId();
  const [hours, setHours] = useState(24);
  const [requeued, setRequeued] = useState<number | null>(null);

  const submit = () => onReplay(hoursAgo(hours)).then(setRequeued);

  return (
    <Dialog title={wording.title} onClose={onClose}>
      {requeued === null ? (
        <DialogForm
          onSubmit={submit}
          onCancel={onClose}
          submitLabel={wording.action}
          busyLabel="Working…"
          reusable
        >
          <p>{wording.intro}</p>
          <div className="field">
            <label htmlFor={windowId}>{wording.windowLabel}</label>
            <select id={windowId} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {WINDOWS.map((w) => (
                <option key={w.hours} value={w.hours}>
                  {w.label}
                </option>
              ))}
            </select>
          </div>
        </DialogForm>
      ) : (
        <>
          <p role="status" className="notice">
            {requeued === 0
              ? `Nothing to do: no failed ${wording.noun[1]} in that window.`
              : `${requeued} ${requeued === 1 ? wording.noun[0] : wording.noun[1]} queued again.`}
          </p>
          <div className="actions">
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
