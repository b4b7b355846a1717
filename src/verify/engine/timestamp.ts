/**
 * Timestamps in signature schemes: parsing (Unix seconds, milliseconds, ISO-8601), the two-sided tolerance
 * check (a timestamp in the future is as suspect as a stale one), and rendering for signers.
 */

/** The unit a provider writes its timestamp in. */
export type TimestampUnit = 's' | 'ms' | 'iso';

const SECONDS = /^\d{1,12}(?:\.\d{1,9})?$/;
const MILLIS = /^\d{1,15}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Parses a timestamp to epoch milliseconds; null when malformed. */
export function parseTimestamp(text: string, unit: TimestampUnit): number | null {
  const value = text.trim();
  if (unit === 's') return SECONDS.test(value) ? Math.floor(Number(value) * 1000) : null;
  if (unit === 'ms') return MILLIS.test(value) ? Number(value) : null;
  const match = ISO.exec(value);
  if (match === null) return null;
  // Date.parse keeps at most milliseconds; trim longer fractions (RFC 3339 nanoseconds, e.g. Twitch).
  const fraction = match[1];
  const normalized = fraction === undefined ? value : value.replace(fraction, fraction.slice(0, 4));
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : ms;
}

/** True when the timestamp is no further than `toleranceSeconds` from `now`, in either direction. */
export function withinTolerance(timestampMs: number, now: Date, toleranceSeconds: number): boolean {
  return Math.abs(now.getTime() - timestampMs) <= toleranceSeconds * 1000;
}

/** `5 min`, `10 min`, `5 s`: how a tolerance reads in a message. */
export function formatTolerance(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** How messages name a provider's signature: `Stripe signature`, or `Signature` for an unnamed scheme. */
export function signatureSubject(provider: string): string {
  return provider === '' ? 'Signature' : `${provider} signature`;
}

/** The failure message for a timestamp outside the tolerance (`Stripe signature timestamp outside ±5 min tolerance`). */
export function toleranceMessage(provider: string, seconds: number): string {
  return `${signatureSubject(provider)} timestamp outside ±${formatTolerance(seconds)} tolerance`;
}

/** Writes `now` the way a provider does, for signers. */
export function renderTimestamp(now: Date, unit: TimestampUnit): string {
  if (unit === 's') return String(Math.floor(now.getTime() / 1000));
  if (unit === 'ms') return String(now.getTime());
  return now.toISOString();
}
