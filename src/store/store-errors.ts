import type { ErrorCode } from '../errors/error-codes.ts';

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
