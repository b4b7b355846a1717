import type { ErrorCode } from './error-codes.ts';

/**
 * A failed operation as a value: the code from the error table and the message (`CODE: reason`, as every
 * hookgate error message). Services return it; routes send it as is with `sendError`.
 */
export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
}

/** The outcome of an operation: a value or a `Failure`. */
export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

/** Builds a failure; the message is prefixed with the code. */
export function failure(code: ErrorCode, message: string): Failure {
  return { ok: false, code, message: `${code}: ${message}` };
}

/** Builds a success carrying `value`. */
export function success<T>(value: T): Result<T> {
  return { ok: true, value };
}
