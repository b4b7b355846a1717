import type { ConnectionSchema } from '../api/processing-types.ts';
import { formatTime } from '../lib/format.ts';

interface CaptureCardProps {
  readonly schema: ConnectionSchema | null;
  readonly capturing: boolean;
  readonly busy: boolean;
  readonly onStart: () => void;
  readonly onCancel: () => void;
}

/** Arms or cancels "capture next sample" and says what was captured last. */
export function CaptureCard({ schema, capturing, busy, onStart, onCancel }: CaptureCardProps) {
  const captured = schema?.capturedAt ?? null;
  return (
    <section className="card" aria-labelledby="capture-heading">
      <h3 id="capture-heading">Schema capture</h3>
      <p role="status" className={capturing ? 'capture-status capturing' : 'capture-status'}>
        {capturing
          ? 'Waiting for the next accepted request… Send one from your partner; it becomes the sample.'
          : captured
            ? `Sample captured ${formatTime(captured)}.`
            : 'No sample yet. Start a capture, then send a request to the inbound URL.'}
      </p>
      {schema?.eventId && (
        <p className="help">
          From event <span className="mono">{schema.eventId}</span>
        </p>
      )}
      <div className="actions">
        {capturing ? (
          <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
            Cancel capture
          </button>
        ) : (
          <button type="button" onClick={onStart} disabled={busy}>
            {captured ? 'Capture a new sample' : 'Capture next request'}
          </button>
        )}
      </div>
    </section>
  );
}
