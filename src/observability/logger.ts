import { type Logger, pino } from 'pino';
import pinoPretty from 'pino-pretty';

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

/** How log lines are written: one JSON object per line, or readable lines for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/** The format when `HOOKGATE_LOG_FORMAT` is unset: readable on a terminal, JSON for log collectors. */
export function defaultLogFormat(stdoutIsTty: boolean): LogFormat {
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * Creates the logger; `destination` defaults to stdout (tests pass a stream to inspect lines). Both formats
 * redact the same paths: pretty printing only reformats the JSON line pino has already redacted.
 */
export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
  format: LogFormat = 'json',
): Logger {
  const options = { level, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } };
  if (format === 'pretty') {
    // Synchronous, so the last lines (the shutdown summary) are written before the process exits.
    const pretty = pinoPretty({
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      ...(destination !== undefined && { destination }),
    });
    return pino(options, pretty);
  }
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
