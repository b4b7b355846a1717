import { type BatchItem, resultOf, type WriteResult } from '../write-batch.ts';
import type { TransferredBatch } from './batch-transfer.ts';

/** Main thread → writer: commit this batch in one transaction (`bytes` transferred, see batch-transfer.ts). */
export interface CommitRequest extends TransferredBatch {
  readonly id: number;
}

/** The fields of a driver error that decide how a failed batch is retried (see `isPerItemFailure`). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string | number;
  readonly errcode?: number;
}

/**
 * Writer → main thread: the batch's outcome, or why it failed. The main thread knows each item's ids, so
 * a committed batch answers only what it cannot know: per item in item order, the id of the event that
 * already held its idempotency key (a duplicate), else null.
 */
export type CommitReply =
  | { readonly id: number; readonly ok: true; readonly firstIds: readonly (string | null)[] }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** The writer's answer for committed `results` (see CommitReply). */
export function firstIdsOf(results: readonly WriteResult[]): (string | null)[] {
  return results.map((result) => (result.status === 'duplicate' ? result.eventId : null));
}

/** The results of a committed batch, from its items and the writer's `firstIds`. */
export function resultsOf(items: readonly BatchItem[], firstIds: readonly (string | null)[]): WriteResult[] {
  if (firstIds.length !== items.length)
    throw new Error('the SQLite writer answered for the wrong number of items');
  return items.map((item, index) => resultOf(item, firstIds[index] ?? null));
}

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
