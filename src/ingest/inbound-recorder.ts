import { newId } from '../core/index.ts';
import type { Failure, HistoryOutcome } from '../errors/index.ts';
import { type ErrorCode, FAILURES, outcomeOf } from '../errors/index.ts';
import type { Metrics } from '../observability/index.ts';
import type { ConnectionRecord, HistoryRecord, InboundLogRepository } from '../store/index.ts';
import type { Scheme } from '../verify/internal.ts';
import type { HistoryBus, KnownForward } from './history-bus.ts';
import type { InboundOutcome } from './inbound-outcome.ts';
import { bodyPreview, redactHeaders } from './redact.ts';
import type { RefusalFolds } from './refusal-folds.ts';
import type { RefusalLimiter } from './refusal-limiter.ts';

/** A rejection outcome. */
export type Rejection = InboundOutcome & { kind: 'rejected' };

/** Builds and records the history rows of one inbound request to a known connection. */
export interface InboundRecorder {
  /** Request headers as history shows them (redacted). */
  readonly headers: Record<string, string>;
  /** A history row for this request; `size` defaults to the body length. */
  row(outcome: HistoryOutcome, message: string | null, body: Uint8Array, size?: number): HistoryRecord;
  /** Stores a row, then counts and publishes it. */
  record(row: HistoryRecord): Promise<void>;
  /** Counts and publishes a row already stored (by the event commit), with its forward when known. */
  published(row: HistoryRecord, forward?: KnownForward): void;
  /**
   * Records the refusal in history and returns it as the outcome; over the refusal limit, the outcome is
   * 429 and the row is folded into the previous identical one.
   */
  reject(failed: Pick<Failure, 'code' | 'message'>, body: Uint8Array, size?: number): Promise<Rejection>;
}

/** What the recorder needs. */
export interface RecorderDeps {
  readonly store: Pick<InboundLogRepository, 'recordHistory'>;
  readonly metrics: Metrics;
  readonly historyBus: HistoryBus;
  /** Refusals per connection and source address over their budget are answered 429 … */
  readonly refusalLimiter: RefusalLimiter;
  /** … and folded into one history row per kind. */
  readonly refusalFolds: RefusalFolds;
}

/**
 * Rejections that are the sender's doing, counted by the refusal limiter. A failure of the gateway itself
 * (store unavailable, credential not loadable) is not held against the sender.
 */
const SENDER_FAULTS: ReadonlySet<ErrorCode> = new Set([
  'UNAUTHORIZED',
  'INVALID_JSON',
  'PAYLOAD_TOO_LARGE',
  'CONNECTION_DISABLED',
  'METHOD_NOT_ALLOWED',
  'INSECURE_TRANSPORT',
  'REQUEST_TIMEOUT',
  'HEADERS_TOO_LARGE',
  'VALIDATION_ERROR',
]);

/** Codes whose responses close the connection: the body may not have been read to its end. */
const CLOSING_CODES: ReadonlySet<ErrorCode> = new Set([
  'PAYLOAD_TOO_LARGE',
  'CONNECTION_DISABLED',
  'REQUEST_TIMEOUT',
  'INSECURE_TRANSPORT',
]);

/** The answer to a refusal over the limit of its connection or source address. */
export function tooManyRefusals(
  scope: 'connection' | 'address',
  retryAfterSeconds: number,
  close: { close?: true } = {},
): Rejection {
  const { code, message } = FAILURES.tooManyRefusals(scope, retryAfterSeconds);
  return { kind: 'rejected', code, message, retryAfterSeconds, ...close };
}

/**
 * Creates the recorder of one request: redaction follows the connection's scheme; every row it builds
 * carries `warnings` (problems with a request that is still answered, e.g. an insecure transport).
 */
export function createInboundRecorder(
  deps: RecorderDeps,
  connection: ConnectionRecord,
  scheme: Scheme | undefined,
  requestHeaders: Readonly<Record<string, string | undefined>>,
  receivedAt: number,
  address: string,
  warnings: readonly string[] = [],
): InboundRecorder {
  const headers = redactHeaders(
    requestHeaders,
    new Set(scheme?.credentialHeaders?.(connection.authConfig.config) ?? []),
  );
  const signatureFields = scheme?.signatureFields?.(connection.authConfig.config) ?? [];
  const published = (row: HistoryRecord, forward?: KnownForward): void => {
    deps.metrics.countInbound(row.connectionId, row.outcome);
    // A row without an event (refused, duplicate) has no forward.
    deps.historyBus.publish(row, row.eventId === null ? null : forward);
  };
  const row = (
    outcome: HistoryOutcome,
    message: string | null,
    body: Uint8Array,
    size = body.length,
  ): HistoryRecord => ({
    id: newId('hst'),
    connectionId: connection.id,
    receivedAt,
    outcome,
    message,
    headers,
    bodyPreview: bodyPreview(body, signatureFields),
    bodySize: size,
    eventId: null,
    duplicateOf: null,
    contactId: null,
    repeatCount: 1,
    ...(warnings.length > 0 && { warnings }),
  });
  const record = async (history: HistoryRecord): Promise<void> => {
    await deps.store.recordHistory(history);
    published(history);
  };
  return {
    headers,
    row,
    record,
    published,
    async reject({ code, message }, body, size) {
      const history = row(outcomeOf(code), message, body, size);
      const close = CLOSING_CODES.has(code) ? ({ close: true } as const) : {};
      const verdict = SENDER_FAULTS.has(code)
        ? deps.refusalLimiter.refuse({ connectionId: connection.id, address })
        : ({ limited: false } as const);
      if (!verdict.limited) {
        await record(history);
        return { kind: 'rejected', code, message, ...close };
      }
      deps.metrics.refusalsLimited.inc({ scope: verdict.scope });
      if (await deps.refusalFolds.fold(history)) deps.historyBus.publish(history);
      deps.metrics.countInbound(history.connectionId, history.outcome);
      return tooManyRefusals(verdict.scope, verdict.retryAfterSeconds, close);
    },
  };
}
