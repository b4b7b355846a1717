/**
 * The failures with a fixed message, by name, in the manner of Fastify's `createError`: each names its
 * code (error-codes.ts gives the HTTP status and the history outcome) and its message template. Sites write
 * `FAILURES.payloadTooLarge(limit)` rather than spell `PAYLOAD_TOO_LARGE: …` themselves, so every message a
 * sender or an admin can see is listed here. (Verifier failures, `UNAUTHORIZED: …`, are built by the verify
 * library, which stands alone.)
 */
import type { ErrorCode } from './error-codes.ts';
import { type Failure, failure } from './result.ts';

function define<Args extends unknown[]>(
  code: ErrorCode,
  template: (...args: Args) => string,
  prefix?: string,
): (...args: Args) => Failure {
  return (...args) => failure(code, template(...args), prefix);
}

export const FAILURES = {
  // Inbound: refusals of a request to /webhooks/in/{connectionId}, recorded in the connection's history.
  connectionNotFound: define('CONNECTION_NOT_FOUND', (id: string) => `No connection ${id}`),
  connectionDisabled: define('CONNECTION_DISABLED', () => 'Connection is disabled'),
  insecureTransport: define(
    'INSECURE_TRANSPORT',
    () =>
      'The credential header arrived over plain HTTP, readable by anyone on the path; ' +
      'send to an https:// URL (HOOKGATE_TLS_CERT, or TLS at a proxy listed in HOOKGATE_TRUSTED_PROXIES)',
  ),
  payloadTooLarge: define('PAYLOAD_TOO_LARGE', (limit: number) => `Body exceeds ${limit} bytes`),
  bodyTruncated: define('INVALID_JSON', () => 'Request body was truncated (client aborted)'),
  invalidPayload: define('INVALID_JSON', (reason: string) => reason),
  requestTimeout: define('REQUEST_TIMEOUT', () => 'The request was not received in time'),
  bodyTooSlow: define('REQUEST_TIMEOUT', () => 'The body arrived too slowly'),
  headersTooLarge: define('HEADERS_TOO_LARGE', () => 'Request headers exceed the 16 KB limit'),
  malformedRequest: define('VALIDATION_ERROR', () => 'Malformed HTTP request'),
  methodNotAllowed: define(
    'METHOD_NOT_ALLOWED',
    (method: string) => `${method} is answered only for provider handshakes; POST events`,
  ),
  unknownAuthMode: define('INTERNAL_ERROR', (mode: string) => `Unknown auth mode ${mode}`, 'ERROR'),
  credentialUnloadable: define('INTERNAL_ERROR', () => 'Credential could not be loaded', 'ERROR'),
  eventNotStored: define('SERVICE_UNAVAILABLE', () => 'The event could not be stored; retry later'),
  tooManyRefusals: define(
    'TOO_MANY_REQUESTS',
    (scope: 'connection' | 'address', retryAfterSeconds: number) =>
      `Too many refused requests for this ${scope}; retry after ${retryAfterSeconds} s`,
  ),
  // Admin API.
  storeUnreachable: define('SERVICE_UNAVAILABLE', () => 'The store is unreachable; retry later'),
  noRoute: define('NOT_FOUND', (method: string, path: string) => `No route ${method} ${path}`),
  unexpected: define('INTERNAL_ERROR', () => 'Unexpected error; nothing was changed'),
  // Outbound: why an attempt was not sent.
  destinationNotAllowed: define('DESTINATION_NOT_ALLOWED', (reason: string) => reason),
} as const;
