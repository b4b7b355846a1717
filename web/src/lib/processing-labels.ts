import type { IdentifierType } from '../api/processing-types.ts';

const IDENTIFIER_LABELS: Record<IdentifierType, string> = {
  email: 'Email',
  phone: 'Phone number',
  chat_id: 'Chat id',
  channel_user_id: 'Channel user id',
};

/** A human name of an identifier type. */
export function identifierLabel(type: string): string {
  return IDENTIFIER_LABELS[type as IdentifierType] ?? type;
}

/** A run status as a badge tone. */
export function runTone(status: string): 'good' | 'warn' | 'bad' {
  if (status === 'succeeded') return 'good';
  if (status === 'filtered') return 'warn';
  return 'bad';
}

/** A JSON value pretty-printed for a <pre>; `—` for null and undefined. */
export function prettyJson(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return JSON.stringify(value, null, 2);
}

const RUN_LABELS: Record<string, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  filtered: 'Filtered out',
};

/** The label of a run status. */
export function runLabel(status: string): string {
  return RUN_LABELS[status] ?? status;
}
