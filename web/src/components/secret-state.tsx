import { formatTime } from '../lib/format.ts';

interface SecretTimes {
  /** When rotating the secret is due; null when the gateway has no reminder for it. */
  readonly rotationDueAt: string | null;
  /** During a rotation grace period: until when the previous secret is still accepted. */
  readonly previousSecretExpiresAt: string | null;
}

function isPast(value: string | null, now: number): boolean {
  return value !== null && Date.parse(value) <= now;
}

/**
 * What a secret preview needs beside it: a "Rotation due" badge once the reminder date has passed, and during
 * a rotation grace the time until which the previous secret is still accepted. Nothing rotates by itself.
 */
export function SecretState({
  times,
  now = Date.now(),
}: {
  readonly times: SecretTimes;
  readonly now?: number;
}) {
  const due = isPast(times.rotationDueAt, now);
  const grace = times.previousSecretExpiresAt !== null && !isPast(times.previousSecretExpiresAt, now);
  if (!due && !grace) return null;
  return (
    <span className="secret-state">
      {due && (
        <span className="badge badge-warn" title={`Rotation was due ${formatTime(times.rotationDueAt)}`}>
          Rotation due
        </span>
      )}
      {grace && (
        <span className="muted small">
          Previous secret accepted until {formatTime(times.previousSecretExpiresAt)}
        </span>
      )}
    </span>
  );
}
