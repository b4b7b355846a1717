import type { SigningStyleInfo } from '../api/delivery-types.ts';

/** The styles as `GET /api/v1/signing-styles` lists them; null until it answers. */
export type SigningStyles = readonly SigningStyleInfo[] | null;

/** The gateway's label of a style, or its id while the list is not there. */
export function styleLabel(styles: SigningStyles, style: string): string {
  return styles?.find((info) => info.id === style)?.label ?? style;
}

/** A style signs with a secret and may use the application's or its own. */
export function isScopedStyle(info: SigningStyleInfo | undefined): boolean {
  return info?.scopes.includes('application') ?? false;
}

/** A style always carries the endpoint's own credential. */
export function ownsCredential(info: SigningStyleInfo | undefined): boolean {
  return info !== undefined && info.scopes.length === 1 && info.scopes[0] === 'endpoint';
}

const STATE_LABELS: Record<string, string> = {
  PENDING: 'Pending',
  SUCCESS: 'Delivered',
  FAILED: 'Failed, retrying',
  DEAD_LETTER: 'Dead letter',
};

export function deliveryStateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

export function deliveryStateTone(state: string): 'good' | 'warn' | 'bad' | 'muted' {
  if (state === 'SUCCESS') return 'good';
  if (state === 'PENDING') return 'muted';
  if (state === 'FAILED') return 'warn';
  return 'bad';
}

/** An ISO time `hours` ago, for "replay failed since". */
export function hoursAgo(hours: number, now = Date.now()): string {
  return new Date(now - hours * 3_600_000).toISOString();
}

/** An attempt's error, unless it only repeats the response status (`HTTP 500`). */
export function extraError(error: string | null, status: number | null): string {
  if (!error || (status !== null && error.trim() === `HTTP ${status}`)) return '';
  return error;
}
