import { failure, type Result, success } from '../../errors/index.ts';
import type { EndpointPatch, EndpointRecord } from '../../store/index.ts';
import { toStoredSigning } from '../signing/signing-config.ts';
import { type EndpointPatchInput, reservedHeaderIn } from './endpoint-input.ts';

/**
 * The store patch for an endpoint change, credential aside (the service handles that). Re-enabling clears
 * the disabled reason (dead letters stay dead until recovered); disabling dead-letters the queue in the
 * store. Custom headers are checked against the effective signing style.
 */
export function patchEndpoint(
  existing: EndpointRecord,
  patch: EndpointPatchInput,
  now: number,
): Result<EndpointPatch> {
  const signing = patch.signing === undefined ? existing.signing : toStoredSigning(patch.signing);
  const headers = patch.headers ?? existing.headers;
  const reserved = reservedHeaderIn(headers, signing ?? {});
  if (reserved !== null) return failure('VALIDATION_ERROR', `headers: ${reserved} is set by hookgate`);
  const columns: {
    -readonly [K in keyof EndpointPatch]: EndpointPatch[K];
  } = { updatedAt: now };
  if (patch.url !== undefined) columns.url = patch.url;
  if (patch.description !== undefined) columns.description = patch.description;
  if (patch.eventTypes !== undefined) columns.eventTypes = patch.eventTypes;
  if (patch.rateLimit !== undefined) columns.rateLimit = patch.rateLimit;
  if (patch.maxConcurrency !== undefined) columns.maxConcurrency = patch.maxConcurrency;
  if (patch.headers !== undefined) columns.headers = patch.headers;
  if (patch.retrySchedule !== undefined) columns.retrySchedule = patch.retrySchedule;
  if (patch.signing !== undefined) columns.signing = toStoredSigning(patch.signing);
  if (patch.enabled !== undefined && patch.enabled !== existing.enabled) {
    columns.enabled = patch.enabled;
    columns.disabledReason = patch.enabled ? null : 'disabled through the API';
  }
  return success(columns);
}
