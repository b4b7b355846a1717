import { type Logger, pino } from 'pino';

/**
 * Paths pino replaces with `[redacted]`: every secret-bearing header and field we know of.
 * Request logging never includes bodies; these guard against a secret reaching a log by accident.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-webhook-secret"]',
  'req.headers["x-api-key"]',
  'req.headers["x-signature"]',
  'req.headers["x-signature-primary"]',
  'headers.authorization',
  'headers["x-webhook-secret"]',
  'headers["x-api-key"]',
  '*.secret',
  '*.token',
  '*.adminToken',
  '*.masterKey',
  '*.privateKey',
  'secret',
  'token',
  'adminToken',
  'masterKey',
];

/** Creates the JSON logger; `destination` defaults to stdout (tests pass a stream to inspect lines). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
