/**
 * Connection ids as hookgate issues them (`con_` and hex) and as an inbound URL may carry them: letters,
 * digits, `_` and `-`, at most 100. Anything else names no connection and is answered 404 without a store
 * lookup.
 */
const CONNECTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Whether `text` can be a connection id. */
export function isConnectionId(text: string): boolean {
  return CONNECTION_ID.test(text);
}
