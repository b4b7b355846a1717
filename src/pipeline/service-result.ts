import type { ErrorCode } from '../errors/error-codes.ts';
import { StoreConflictError } from '../store/store-errors.ts';

/** Why a processing admin operation failed; the API turns it into a response (`sendError`). */
export interface ServiceFailure {
  readonly ok: false;
  readonly code: ErrorCode;
  /** `CODE: reason`, as every hookgate error message. */
  readonly message: string;
}

/** The outcome of a processing admin operation, as a value. */
export type ServiceResult<T> = { readonly ok: true; readonly value: T } | ServiceFailure;

/** A failure with `code`; the message is prefixed with the code. */
export function failure(code: ErrorCode, message: string): ServiceFailure {
  return { ok: false, code, message: `${code}: ${message}` };
}

/** A success carrying `value`. */
export function success<T>(value: T): ServiceResult<T> {
  return { ok: true, value };
}

/** Runs `write`, turning a store conflict (a unique identifier already used) into a CONFLICT failure. */
export async function conflictAsFailure<T>(write: () => Promise<T>): Promise<ServiceResult<T>> {
  try {
    return success(await write());
  } catch (error) {
    if (error instanceof StoreConflictError) return failure('CONFLICT', error.message);
    throw error;
  }
}
