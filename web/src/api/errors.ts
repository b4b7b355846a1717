import type { ErrorBody } from './types.ts';

/** An API answer that was not 2xx, carrying the API's own `error` code and `message`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.message === 'string';
}

/**
 * Builds an ApiError from a failed response, preferring the API's `{ error, message }` body (`parsed`: its
 * JSON as openapi-fetch read it, if any).
 */
export function errorFromBody(response: Response, parsed: unknown): ApiError {
  if (isErrorBody(parsed)) {
    const code = typeof parsed.error === 'string' ? parsed.error : `HTTP_${response.status}`;
    return new ApiError(response.status, code, parsed.message);
  }
  const text = response.statusText || 'Request failed';
  return new ApiError(response.status, `HTTP_${response.status}`, `${response.status} ${text}`);
}

/** A human message for anything thrown by the client: the API's message, or a network explanation. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Could not reach the gateway. Is it running?';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** True for an error the user caused by being signed out (bad or revoked admin token). */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** True for a 404: the object is gone, or this gateway does not have the route at all. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
