import { failure, type Result, success } from '../errors/index.ts';
import { StoreConflictError } from '../store/index.ts';

/** Runs `write`, turning a store conflict (a unique identifier already used) into a CONFLICT failure. */
export async function conflictAsFailure<T>(write: () => Promise<T>): Promise<Result<T>> {
  try {
    return success(await write());
  } catch (error) {
    if (error instanceof StoreConflictError) return failure('CONFLICT', error.message);
    throw error;
  }
}
