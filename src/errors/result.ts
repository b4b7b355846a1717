import type { ErrorCode } from './error-codes.ts';

/**
 * A failed operation as a value: the code from the error table (which gives the HTTP status and the history
 * outcome) and the message (`CODE: reason`, as every hookgate error message). The one failure shape at the
 * gateway's boundaries: services return it, routes send it as is with `sendError`, the inbound recorder
 * records it. Named failures with fixed messages are built in failures.ts.
 */
export interface Failure<Code extends string = ErrorCode> extends BareFailure {
  readonly code: Code;
}

/**
 * A failure without a code: a check's verdict (the SSRF guard's, an identifier's) whose caller names the
 * code and the field when it turns it into a `Failure`. The same `ok: false` and `message` as every failure.
 */
export interface BareFailure {
  readonly ok: false;
  readonly message: string;
}

/** The outcome of an operation: a value or a failure (a `Failure` with a code from the error table, unless told). */
export type Result<T, F extends BareFailure = Failure> = { readonly ok: true; readonly value: T } | F;

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
