import { Agent, request } from 'undici';
import { FAILURES } from '../../errors/index.ts';
import type { DestinationGuard } from '../ssrf/destination-guard.ts';
import { parseDestination } from '../ssrf/destination-url.ts';
import { guardedConnector } from './guarded-connector.ts';
import { readPreview } from './response-preview.ts';
import { describeSendError } from './send-errors.ts';

/** One outbound request. */
export interface OutboundRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body: text (envelopes), or exact bytes (forwarded events). */
  readonly body: string | Uint8Array;
  /** Whole-exchange timeout of this request when shorter than the transport's. */
  readonly timeoutMs?: number;
}

/** What happened to a request: a response (any status), or an error before or while exchanging it. */
export type SendResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly retryAfter: string | null;
      readonly bodyPreview: string;
      readonly latencyMs: number;
    }
  | {
      readonly kind: 'error';
      readonly error: string;
      readonly requestSent: boolean;
      readonly latencyMs: number;
    };

/** Sends outbound requests; injected into the worker. */
export interface Transport {
  send(request: OutboundRequest, signal?: AbortSignal): Promise<SendResult>;
  close(): Promise<void>;
}

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions {
  readonly guard: DestinationGuard;
  /** TCP + TLS connect timeout; default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Whole exchange (connect, send, response headers and preview); default 15 s. */
  readonly timeoutMs?: number;
}

/** Default connect timeout. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Default total timeout. */
export const TOTAL_TIMEOUT_MS = 15_000;

/**
 * The HTTP transport: undici with keep-alive, the SSRF-guarded connector, no redirects. The URL is
 * checked statically first (scheme, user info, localhost); every new connection then goes through the
 * guard. Refusals and connection failures are reported as values with `requestSent: false`.
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const timeoutMs = options.timeoutMs ?? TOTAL_TIMEOUT_MS;
  const dispatcher = new Agent({
    connect: guardedConnector(options.guard, options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
    connections: 128,
  });
  return {
    async send(outbound, signal) {
      const started = performance.now();
      const elapsed = () => performance.now() - started;
      const parsed = parseDestination(outbound.url);
      if (!parsed.ok) {
        return {
          kind: 'error',
          error: FAILURES.destinationNotAllowed(parsed.message).message,
          requestSent: false,
          latencyMs: 0,
        };
      }
      const limitMs = Math.min(outbound.timeoutMs ?? timeoutMs, timeoutMs);
      const timeout = AbortSignal.timeout(limitMs);
      const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
      try {
        const response = await request(parsed.url, {
          method: 'POST',
          headers: { ...outbound.headers },
          body: outbound.body,
          dispatcher,
          signal: combined,
        });
        const bodyPreview = await readPreview(response.body, combined);
        const retryAfter = response.headers['retry-after'];
        return {
          kind: 'response',
          status: response.statusCode,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          bodyPreview,
          latencyMs: elapsed(),
        };
      } catch (error) {
        const timedOut = timeout.aborted && signal?.aborted !== true;
        return { kind: 'error', ...describeSendError(error, timedOut, limitMs), latencyMs: elapsed() };
      }
    },
    async close() {
      await dispatcher.close();
    },
  };
}
