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

/**
 * A history message of an outcome that is not an error code (processing results): `OUTCOME: text`, the same
 * shape as a failure's `CODE: text`.
 */
export function outcomeMessage(outcome: HistoryOutcome, text: string): string {
  return `${outcome}: ${text}`;
}
