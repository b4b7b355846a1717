import { newId } from '../core/ids.ts';
import type { ErrorCode } from '../errors/error-codes.ts';
import type { HistoryOutcome } from '../errors/outcomes.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConnectionRecord, HistoryRecord, Store } from '../store/types.ts';
import type { Scheme } from '../verify/scheme.ts';
import type { HistoryBus } from './history-bus.ts';
import type { InboundOutcome } from './inbound-outcome.ts';
import { bodyPreview, redactHeaders } from './redact.ts';

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
  /** Counts and publishes a row already stored (by the event commit). */
  published(row: HistoryRecord): void;
  /** Records the refusal in history and returns it as the outcome. */
  reject(
    outcome: HistoryOutcome,
    code: ErrorCode,
    message: string,
    body: Uint8Array,
    size?: number,
  ): Promise<Rejection>;
}

/** What the recorder needs. */
export interface RecorderDeps {
  readonly store: Store;
  readonly metrics: Metrics;
  readonly historyBus: HistoryBus;
}

/** Codes whose responses close the connection: the body may not have been read to its end. */
const CLOSING_CODES: ReadonlySet<ErrorCode> = new Set([
  'PAYLOAD_TOO_LARGE',
  'CONNECTION_DISABLED',
  'REQUEST_TIMEOUT',
]);

/** Creates the recorder of one request: redaction follows the connection's scheme. */
export function createInboundRecorder(
  deps: RecorderDeps,
  connection: ConnectionRecord,
  scheme: Scheme | undefined,
  requestHeaders: Readonly<Record<string, string | undefined>>,
  receivedAt: number,
): InboundRecorder {
  const headers = redactHeaders(
    requestHeaders,
    new Set(scheme?.credentialHeaders?.(connection.authConfig) ?? []),
  );
  const signatureFields = scheme?.signatureFields?.(connection.authConfig) ?? [];
  const published = (row: HistoryRecord): void => {
    deps.metrics.inboundRequests.inc({ connection: row.connectionId, outcome: row.outcome });
    deps.historyBus.publish(row);
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
    async reject(outcome, code, message, body, size) {
      await record(row(outcome, message, body, size));
      return CLOSING_CODES.has(code)
        ? { kind: 'rejected', code, message, close: true }
        : { kind: 'rejected', code, message };
    },
  };
}
