import type { ErrorCode } from '../../errors/error-codes.ts';

/** A failed admin operation as a value (same shape as the API's `ApiFailure`, so routes send it as is). */
export interface AdminFailure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
}

/** The outcome of an admin operation. */
export type AdminResult<T> = { readonly ok: true; readonly value: T } | AdminFailure;

/** Builds a failure; the message is prefixed with the code, as in every hookgate error. */
export function adminFailure(code: ErrorCode, message: string): AdminFailure {
  return { ok: false, code, message: `${code}: ${message}` };
}

/** Builds a success. */
export function adminOk<T>(value: T): AdminResult<T> {
  return { ok: true, value };
}

/** A record plus the credential hookgate generated for it: present only when generated, shown once. */
export interface WithSecret<T> {
  readonly record: T;
  readonly secret?: string;
}

/** Rotation options: a given credential (endpoints only) and how long the old one keeps signing. */
export interface RotateInput {
  readonly secret?: string | undefined;
  /** Seconds during which the previous version still signs (multi-signature styles); default 0. */
  readonly graceSeconds?: number | undefined;
}
