import { buildConnector } from 'undici';
import type { DestinationGuard } from '../ssrf/destination-guard.ts';

/** Raised inside undici's connect step when the guard refuses the host; no request is sent. */
export class DestinationRefusedError extends Error {
  override readonly name = 'DestinationRefusedError';
  /** The error-table code this maps to. */
  readonly code = 'DESTINATION_NOT_ALLOWED';
}

/** Raised inside undici's connect step when the host does not resolve; no request is sent. */
export class HostUnresolvedError extends Error {
  override readonly name = 'HostUnresolvedError';
}

/**
 * An undici connector that asks the SSRF guard for the address of every new connection and connects to
 * exactly that address (TLS still verifies the certificate for the original host name, taken from the
 * request's origin). Kept-alive connections were judged when they were opened. Redirects are never
 * followed (no redirect interceptor is installed), so a 3xx cannot lead anywhere else.
 */
export function guardedConnector(
  guard: DestinationGuard,
  connectTimeoutMs: number,
): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, allowH2: false });
  return (options, callback) => {
    guard.pin(options.hostname).then(
      (pinned) => {
        if (!pinned.ok) {
          callback(
            pinned.unresolved
              ? new HostUnresolvedError(pinned.message)
              : new DestinationRefusedError(pinned.message),
            null,
          );
          return;
        }
        connect({ ...options, hostname: pinned.address }, callback);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}
