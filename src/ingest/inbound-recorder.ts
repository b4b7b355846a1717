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
  /**
   * A history row for this request; `size` defaults to the body length; `eventId` to none; `text`: the
   * body as the payload parser decoded it, when it did (spares decoding it again for the preview).
   */
  row(
    outcome: HistoryOutcome,
    message: string | null,
    body: Uint8Array,
    size?: number,
    eventId?: string | null,
    text?: string,
  ): HistoryRecord;
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

/** What history redacts for a connection: its scheme's credential headers and signed body fields. */
interface Redaction {
  readonly scheme: Scheme | undefined;
  readonly credentialHeaders: ReadonlySet<string>;
  readonly signatureFields: readonly string[];
}

/**
 * Redactions by auth config object, worked out once per config: the connection cache hands every request
 * of a connection the same config object (as the scheme compile caches expect), and both answers depend
 * on the scheme and its config only.
 */
const redactions = new WeakMap<object, Redaction>();

function redactionOf(scheme: Scheme | undefined, config: Record<string, unknown>): Redaction {
  const hit = redactions.get(config);
  if (hit !== undefined && hit.scheme === scheme) return hit;
  const made: Redaction = {
    scheme,
    credentialHeaders: new Set(scheme?.credentialHeaders?.(config) ?? []),
    signatureFields: scheme?.signatureFields?.(config) ?? [],
  };
  redactions.set(config, made);
  return made;
}

/** The answer to a refusal over the limit of its connection or source address. */
export function tooManyRefusals(
  scope: 'connection' | 'address',
  retryAfterSeconds: number,
  close: { close?: true } = {},
): Rejection {
  const { code, message } = FAILURES.tooManyRefusals(scope, retryAfterSeconds);
  return { kind: 'rejected', code, message, retryAfterSeconds, ...close };
}

/** No warnings: one shared empty list (a request usually has none). */
const NO_WARNINGS: readonly string[] = Object.freeze([]);

/**
 * Creates the recorder of one request: redaction follows the connection's scheme; every row it builds
 * carries `warnings` (problems with a request that is still answered, e.g. an insecure transport).
 */
export function createInboundRecorder(...args: ConstructorParameters<typeof Recorder>): InboundRecorder {
  return new Recorder(...args);
}

/**
 * The recorder as one object whose methods are shared by every request (a recorder is made per request:
 * closures would be allocated anew each time).
 */
class Recorder implements InboundRecorder {
  readonly headers: Record<string, string>;
  readonly #deps: RecorderDeps;
  readonly #connectionId: string;
  readonly #signatureFields: readonly string[];
  readonly #receivedAt: number;
  readonly #address: string;
  readonly #warnings: readonly string[];

  constructor(
    deps: RecorderDeps,
    connection: ConnectionRecord,
    scheme: Scheme | undefined,
    requestHeaders: Readonly<Record<string, string | undefined>>,
    receivedAt: number,
    address: string,
    warnings: readonly string[] = NO_WARNINGS,
  ) {
    const { credentialHeaders, signatureFields } = redactionOf(scheme, connection.authConfig.config);
    this.headers = redactHeaders(requestHeaders, credentialHeaders);
    this.#deps = deps;
    this.#connectionId = connection.id;
    this.#signatureFields = signatureFields;
    this.#receivedAt = receivedAt;
    this.#address = address;
    this.#warnings = warnings;
  }

  published(row: HistoryRecord, forward?: KnownForward): void {
    this.#deps.metrics.countInbound(row.connectionId, row.outcome);
    // A row without an event (refused, duplicate) has no forward.
    this.#deps.historyBus.publish(row, row.eventId === null ? null : forward);
  }

  row(
    outcome: HistoryOutcome,
    message: string | null,
    body: Uint8Array,
    size = body.length,
    eventId: string | null = null,
    text?: string,
  ): HistoryRecord {
    const history: HistoryRecord = {
      id: newId('hst'),
      connectionId: this.#connectionId,
      receivedAt: this.#receivedAt,
      outcome,
      message,
      headers: this.headers,
      bodyPreview: bodyPreview(body, this.#signatureFields, text),
      bodySize: size,
      eventId,
      duplicateOf: null,
      contactId: null,
      repeatCount: 1,
    };
    // Last, as before: only rows with warnings carry the key.
    if (this.#warnings.length > 0) return { ...history, warnings: this.#warnings };
    return history;
  }

  async record(history: HistoryRecord): Promise<void> {
    await this.#deps.store.recordHistory(history);
    this.published(history);
  }

  async reject(
    { code, message }: Pick<Failure, 'code' | 'message'>,
    body: Uint8Array,
    size?: number,
  ): Promise<Rejection> {
    const deps = this.#deps;
    const history = this.row(outcomeOf(code), message, body, size);
    const close = CLOSING_CODES.has(code) ? ({ close: true } as const) : {};
    const verdict = SENDER_FAULTS.has(code)
      ? deps.refusalLimiter.refuse({ connectionId: this.#connectionId, address: this.#address })
      : ({ limited: false } as const);
    if (!verdict.limited) {
      await this.record(history);
      return { kind: 'rejected', code, message, ...close };
    }
    deps.metrics.refusalsLimited.inc({ scope: verdict.scope });
    if (await deps.refusalFolds.fold(history)) deps.historyBus.publish(history);
    deps.metrics.countInbound(history.connectionId, history.outcome);
    return tooManyRefusals(verdict.scope, verdict.retryAfterSeconds, close);
  }
}
