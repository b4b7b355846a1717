import type { ErrorCode } from './error-codes.ts';

/**
 * A failed operation as a value: the code from the error table (which gives the HTTP status and the history
 * outcome) and the message (`CODE: reason`, as every hookgate error message). The one failure shape at the
 * gateway's boundaries: services return it, routes send it as is with `sendError`, the inbound recorder
 * records it. Named failures with fixed messages are built in failures.ts.
 */
export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
}

/** The outcome of an operation: a value or a `Failure`. */
export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

/**
 * Builds a failure; the message is prefixed with the code, or with `prefix` where the message shown has
 * always named something else (the gateway's own faults read `ERROR: …` in history, as processing failures do).
 */
export function failure(code: ErrorCode, message: string, prefix: string = code): Failure {
  return { ok: false, code, message: `${prefix}: ${message}` };
}

/** Builds a success carrying `value`. */
export function success<T>(value: T): Result<T> {
  return { ok: true, value };
}
