import type { WriteItem, WriteResult } from '../write-batch.ts';

/** Main thread → writer: commit this batch in one transaction. */
export interface CommitRequest {
  readonly id: number;
  readonly items: readonly WriteItem[];
}

/** The fields of a driver error that decide how a failed batch is retried (see `isPerItemFailure`). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string | number;
  readonly errcode?: number;
}

/** Writer → main thread: the batch's results in item order, or why it failed. */
export type CommitReply =
  | { readonly id: number; readonly ok: true; readonly results: readonly WriteResult[] }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** Flattens an error for postMessage, keeping the driver codes (structured clone drops own properties). */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...((typeof code === 'string' || typeof code === 'number') && { code }),
    ...(typeof errcode === 'number' && { errcode }),
  };
}

/** Rebuilds an Error on the main thread with the same name, message and driver codes. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  return Object.assign(error, {
    ...(serialized.code !== undefined && { code: serialized.code }),
    ...(serialized.errcode !== undefined && { errcode: serialized.errcode }),
  });
}
