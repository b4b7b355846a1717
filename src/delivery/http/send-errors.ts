import { FAILURES } from '../../errors/index.ts';
import { DestinationRefusedError, HostUnresolvedError } from './guarded-connector.ts';

/** A transport failure as recorded on the attempt. */
export interface SendErrorDescription {
  readonly error: string;
  /** False when certainly nothing reached the receiver (refused, unresolved, not connected). */
  readonly requestSent: boolean;
}

/** Connection-level codes that mean the request never left. */
const NOT_CONNECTED: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
};

/** Codes after which the request may have been received. */
const AFTER_CONNECT: Readonly<Record<string, string>> = {
  ECONNRESET: 'connection reset by the receiver',
  EPIPE: 'connection closed by the receiver',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  UND_ERR_HEADERS_TIMEOUT: 'timeout waiting for the response headers',
  UND_ERR_BODY_TIMEOUT: 'timeout reading the response body',
};

function* causes(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    yield current;
    if (current instanceof AggregateError) yield* current.errors;
    current = current instanceof Error ? current.cause : undefined;
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Turns an undici / socket failure into the attempt's error text. Only hookgate's own phrases and error
 * codes are recorded (never a URL, header or body), capped at 300 characters.
 */
export function describeSendError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): SendErrorDescription {
  for (const cause of causes(error)) {
    if (cause instanceof DestinationRefusedError) {
      return { error: FAILURES.destinationNotAllowed(cause.message).message, requestSent: false };
    }
    if (cause instanceof HostUnresolvedError) return { error: cause.message, requestSent: false };
  }
  if (timedOut) return { error: `timeout: no complete response within ${timeoutMs} ms`, requestSent: true };
  for (const cause of causes(error)) {
    const code = codeOf(cause);
    if (code === undefined) continue;
    const before = NOT_CONNECTED[code];
    if (before !== undefined) return { error: before, requestSent: false };
    const after = AFTER_CONNECT[code];
    if (after !== undefined) return { error: after, requestSent: true };
  }
  if (error instanceof Error && error.name === 'AbortError') return { error: 'aborted', requestSent: true };
  const name = error instanceof Error ? error.name : 'Error';
  const code = codeOf(error);
  return { error: `${name}${code === undefined ? '' : ` (${code})`}`.slice(0, 300), requestSent: true };
}
