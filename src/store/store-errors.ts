import type { ErrorCode } from '../errors/index.ts';

/** A pagination cursor that this store did not issue (or that was altered); the API answers 400. */
export class StoreCursorError extends Error {
  /** The API error code this maps to. */
  readonly code: ErrorCode = 'VALIDATION_ERROR';

  /** @param cursor the rejected value, quoted (shortened) in the message. */
  constructor(cursor: string) {
    super(`cursor: invalid value ${JSON.stringify(cursor.slice(0, 40))}`);
    this.name = 'StoreCursorError';
  }
}

/** A record with the same id already exists (e.g. `createConnection` with a used id); the API answers 409. */
export class StoreConflictError extends Error {
  /** The API error code this maps to. */
  readonly code: ErrorCode = 'CONFLICT';

  /** @param message what conflicted. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreConflictError';
  }
}

/** SQLite extended result codes for PRIMARY KEY and UNIQUE constraint failures. */
const SQLITE_UNIQUE_ERRCODES = new Set([1555, 2067]);

/** True when `error` carries one of the PostgreSQL SQLSTATE codes in `codes` (pg's `error.code`). */
export function hasSqlState(error: unknown, codes: ReadonlySet<string>): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && codes.has(String(error.code));
}

/** True when a driver error (pg or node:sqlite) is a unique / primary-key violation. */
export function isUniqueViolation(error: unknown): boolean {
  if (hasSqlState(error, new Set(['23505']))) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    'errcode' in error &&
    typeof error.errcode === 'number' &&
    SQLITE_UNIQUE_ERRCODES.has(error.errcode)
  );
}

/** SQLite primary result codes caused by one statement's data: TOOBIG, CONSTRAINT, MISMATCH, RANGE. */
const SQLITE_DATA_ERRCODES = new Set([18, 19, 20, 25]);

/** PostgreSQL SQLSTATE classes caused by one statement's data (22, 23) or worth a retry alone (40). */
const PG_ITEM_CLASSES = new Set(['22', '23', '40']);

/**
 * True when a failed group-commit batch may have failed because of one of its items (a constraint, bad
 * data, a deadlock), so retrying the items one by one gives each caller its own answer. False for
 * infrastructure failures (no connection, database busy or closed): retrying 256 items one by one would
 * only wait 256 times for the same timeout, so every caller gets the error at once instead.
 */
export function isPerItemFailure(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  if (typeof error !== 'object' || error === null) return false;
  if ('errcode' in error && typeof error.errcode === 'number') {
    return SQLITE_DATA_ERRCODES.has(error.errcode & 0xff);
  }
  if ('code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code)) {
    return PG_ITEM_CLASSES.has(error.code.slice(0, 2));
  }
  return false;
}

/** Node socket error codes: the database server cannot be reached, or the connection to it broke. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that is going away or not taking work: connection exceptions (class
 * 08, matched by prefix), admin / crash shutdown, cannot connect now (57P01–57P03), too many connections.
 */
const PG_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * What `pg` and `pg-pool` say, without a code, when a connection ends, cannot be made in time, or was
 * already broken when a query was sent on it.
 */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/** SQLite primary result codes of a database that cannot take work now: BUSY, LOCKED, IOERR, FULL, CANTOPEN. */
const SQLITE_UNAVAILABLE_ERRCODES = new Set([5, 6, 10, 13, 14]);

/** Whether this one error, without its causes, says the store cannot take work now. */
function unavailableByItself(error: object): boolean {
  if ('errcode' in error && typeof error.errcode === 'number') {
    return SQLITE_UNAVAILABLE_ERRCODES.has(error.errcode & 0xff);
  }
  const code = 'code' in error ? String(error.code) : '';
  if (NETWORK_ERROR_CODES.has(code) || PG_UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) {
    return true;
  }
  return error instanceof Error && PG_CONNECTION_MESSAGES.test(error.message);
}

/**
 * True when `error` (from `pg`, `pg-pool`, `node:sqlite` or a socket, or wrapping one as its `cause`)
 * means the store cannot be reached or cannot take work right now, rather than that the request was
 * wrong. The one place this is decided: the API answers such errors with 503 SERVICE_UNAVAILABLE (nothing
 * was acknowledged; retry later), the store's health turns unavailable, the background workers wait.
 */
export function isStoreUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (unavailableByItself(current)) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}
