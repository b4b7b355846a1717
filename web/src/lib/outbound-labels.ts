import type { SigningStyle } from '../api/outbound-types.ts';

const STYLE_LABELS: Record<SigningStyle, string> = {
  hookgate: 'hookgate signature (X-Hookgate-Signature)',
  standard_webhooks: 'Standard Webhooks (webhook-signature)',
  hmac_header: 'HMAC of the body in a header',
  body_hash: 'Hash in the JSON body',
  api_key: 'API key header',
  bearer: 'Bearer token',
  basic: 'Basic auth',
  none: 'Not signed',
};

export function styleLabel(style: string): string {
  return STYLE_LABELS[style as SigningStyle] ?? style;
}

/** Styles that sign with a secret and may use the application's or their own. */
export const SCOPED_STYLES: readonly string[] = ['hookgate', 'standard_webhooks', 'hmac_header', 'body_hash'];

/** Styles that always carry the endpoint's own credential. */
export const OWN_CREDENTIAL_STYLES: readonly string[] = ['api_key', 'bearer', 'basic'];

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
