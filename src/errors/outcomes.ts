/**
 * Outcomes recorded in the request history: one per inbound request to an existing connection.
 * Documented in docs/history.md.
 */
export const HISTORY_OUTCOMES = [
  'ACCEPTED',
  'DUPLICATE',
  'SAMPLE_CAPTURED',
  'UNAUTHORIZED',
  'INVALID_JSON',
  'PAYLOAD_TOO_LARGE',
  'IDENTIFIER_NOT_FOUND',
  'TRIGGER_NOT_FOUND',
  'ERROR',
] as const;

/** One history outcome. */
export type HistoryOutcome = (typeof HISTORY_OUTCOMES)[number];
