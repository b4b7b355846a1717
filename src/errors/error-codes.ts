import type { HistoryOutcome } from './outcomes.ts';

/**
 * The one table of error codes hookgate answers with: per code its HTTP status, the outcome an inbound
 * request refused with it records in the connection's history (`ERROR` unless the code names an outcome of
 * its own), and its meaning. Every code is documented in docs/errors.md; test/errors/error-codes.test.ts
 * checks that the two agree. The messages themselves are built in failures.ts.
 */
export const ERROR_CODES = {
  UNAUTHORIZED: {
    status: 401,
    outcome: 'UNAUTHORIZED',
    description: 'The request could not be authenticated (inbound signature/secret, or admin token).',
  },
  INVALID_JSON: {
    status: 400,
    outcome: 'INVALID_JSON',
    description: 'The inbound body is neither JSON nor form-encoded, or is not valid UTF-8.',
  },
  CONNECTION_NOT_FOUND: { status: 404, description: 'No connection has the id in the inbound URL.' },
  CONNECTION_DISABLED: {
    status: 403,
    description: 'The connection exists but is disabled; nothing is stored.',
  },
  INSECURE_TRANSPORT: {
    status: 403,
    description:
      'A shared_secret / api_key credential arrived over plain HTTP and HOOKGATE_INSECURE_TRANSPORT=reject.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    outcome: 'PAYLOAD_TOO_LARGE',
    description: 'The body is larger than the connection limit (HOOKGATE_MAX_BODY_BYTES by default).',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    description: 'A GET or HEAD to an inbound URL that is not a provider handshake (events must be POSTed).',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    description: 'The request headers exceed the 16 KB limit; recorded in the connection history when known.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    description: 'The request was not received completely in time.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    description:
      'Too many refused inbound requests for this connection or source address; retry after Retry-After seconds.',
  },
  VALIDATION_ERROR: {
    status: 400,
    description: 'An admin API request has a missing or invalid field; the message names it.',
  },
  NOT_FOUND: {
    status: 404,
    description: 'The admin API resource (connection, history row, event, route) does not exist.',
  },
  CONFLICT: {
    status: 409,
    description: 'The admin API request conflicts with the current state (e.g. a duplicate name).',
  },
  FORWARDING_DISABLED: {
    status: 409,
    description:
      'A redelivery or forwarding-secret rotation on a connection that does not forward its events.',
  },
  DESTINATION_NOT_ALLOWED: {
    status: 422,
    description: 'An outbound URL resolves to a private, loopback or metadata address.',
  },
  CURSOR_EXPIRED: {
    status: 410,
    description: 'The event stream cannot resume after that event: it is unknown or was purged.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    description:
      'The store cannot be reached or cannot take work now; retry later. Nothing was acknowledged.',
  },
  INTERNAL_ERROR: {
    status: 500,
    description: 'An unexpected failure. Nothing was acknowledged; the sender should retry.',
  },
} as const satisfies Record<string, { status: number; outcome?: HistoryOutcome; description: string }>;

/** A code from the error table. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
}

/** The HTTP status that belongs to an error code. */
export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** The history outcome of an inbound request refused with `code`. */
export function outcomeOf(code: ErrorCode): HistoryOutcome {
  const entry = ERROR_CODES[code];
  return 'outcome' in entry ? entry.outcome : 'ERROR';
}
