import type { Readable } from 'node:stream';
import type { InsecureTransportPolicy } from '../config/index.ts';
import type { Clock } from '../core/index.ts';
import { newId } from '../core/index.ts';
import { FAILURES } from '../errors/index.ts';
import type { ForwardDispatch } from '../forward/index.ts';
import { credentialBearingHeaders, forwardedHeaders } from '../forward/index.ts';
import type { Logger } from '../observability/index.ts';
import type {
  AcceptResult,
  ConnectionRecord,
  ConnectionRepository,
  ForwardLease,
  InboundLogRepository,
} from '../store/index.ts';
import { isStoreUnavailable } from '../store/index.ts';
import type { VerifyRequest, VerifyResult } from '../verify/internal.ts';
import type { ConnectionCache } from './connection-cache.ts';
import type { CredentialLoader } from './credential-loader.ts';
import type { InboundOutcome } from './inbound-outcome.ts';
import { isConnectionId } from './inbound-path.ts';
import {
  createInboundRecorder,
  type InboundRecorder,
  type RecorderDeps,
  tooManyRefusals,
} from './inbound-recorder.ts';
import { parsePayload } from './parse-payload.ts';
import { type BodyReadFailure, readBodyWithLimit } from './read-body.ts';
import { INSECURE_TRANSPORT_MESSAGE, transportVerdict } from './transport-guard.ts';

/** What the inbound handler needs; all injected. */
export interface InboundDeps extends RecorderDeps {
  /** Commits accepted events (with their idempotency keys) and records refusals. */
  readonly store: Pick<InboundLogRepository, 'recordHistory' | 'findIdempotencyKey' | 'acceptEvent'> &
    Pick<ConnectionRepository, 'getConnection'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly loadCredentials: CredentialLoader;
  readonly connections: ConnectionCache;
  /** Default body limit in bytes (a connection may set its own). */
  readonly maxBodyBytes: number;
  /** The slowest a body may arrive after `bodyGraceMs` (bytes per second; 0 = no minimum). */
  readonly minBodyBytesPerSecond: number;
  readonly bodyGraceMs: number;
  /** The gateway's public base URL (HOOKGATE_PUBLIC_URL), for URL-signed schemes. */
  readonly publicUrl: string | undefined;
  /** What a header credential sent over plain HTTP gets (HOOKGATE_INSECURE_TRANSPORT). */
  readonly insecureTransport: InsecureTransportPolicy;
  /**
   * Told after an event is committed and before the 202 is sent, without waiting: processing (schema
   * capture, contacts, flows) picks the event up from the store, so a crash here loses nothing.
   */
  readonly onAccepted?: (accepted: {
    eventId: string;
    historyId: string;
    connectionId: string;
    /** True when the event's forward job was committed with it and queued (the forward worker is woken). */
    forwarding?: boolean;
  }) => void;
  /** The local forward worker: takes the first attempt of a forward straight after the commit. */
  readonly forwardDispatch?: ForwardDispatch;
}

/** One inbound request as the transport hands it over: headers lower-cased, body still streaming. */
export interface InboundRequest {
  readonly connectionId: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The sender's address (behind a trusted proxy: the client's), for the refusal limits. */
  readonly address: string;
  readonly body: Readable;
  /** Aborted by the transport when the body can no longer arrive (see `SocketRequests.expectBody`). */
  readonly bodySignal?: AbortSignal;
  /** True when the request came over TLS or from this machine; asked only for header-credential schemes. */
  readonly secureTransport: () => boolean;
}

const EMPTY = new Uint8Array(0);

/**
 * Runs one inbound request through the gateway, in this order: connection lookup → size limit (before any
 * crypto or parsing) → auth → idempotency → parse → durable commit (a repeated key is settled by the
 * commit itself when the body parses, and before the parse answer when it does not). Every request to an
 * existing connection leaves a history row. Returns the outcome; the transport maps it to HTTP
 * (`toHttpReply`).
 */
export async function handleInbound(request: InboundRequest, deps: InboundDeps): Promise<InboundOutcome> {
  // A connection deleted (through another instance) while this request was on its way: its rows can no
  // longer be written. That is a 404, as for the next request, not a 5xx telling the sender to retry.
  try {
    const outcome = await handleKnownOrMissing(request, deps);
    if (outcome.kind !== 'rejected' || outcome.code !== 'SERVICE_UNAVAILABLE') return outcome;
    return (await connectionGone(request.connectionId, deps)) ? notFound(request) : outcome;
  } catch (error) {
    if (await connectionGone(request.connectionId, deps)) return notFound(request);
    throw error;
  }
}

/** The outcome for a connection id that does not exist. */
function notFound(request: InboundRequest): InboundOutcome {
  request.body.resume();
  const { code, message } = FAILURES.connectionNotFound(request.connectionId);
  return { kind: 'rejected', code, message };
}

/** True when the store answers that the connection no longer exists (then it is dropped from the cache). */
async function connectionGone(connectionId: string, deps: InboundDeps): Promise<boolean> {
  const found = await deps.store.getConnection(connectionId).catch(() => undefined);
  if (found !== null) return false;
  deps.connections.invalidate(connectionId);
  return true;
}

async function handleKnownOrMissing(request: InboundRequest, deps: InboundDeps): Promise<InboundOutcome> {
  const receivedAt = deps.clock.now();
  const found = isConnectionId(request.connectionId)
    ? deps.connections.load(request.connectionId, receivedAt)
    : null;
  // A cached connection comes at once: no await, so the request runs on without a microtask turn.
  const loaded = found instanceof Promise ? await found : found;
  if (!loaded) {
    const verdict = deps.refusalLimiter.refuse({ address: request.address });
    if (!verdict.limited) return notFound(request);
    request.body.resume();
    deps.metrics.refusalsLimited.inc({ scope: verdict.scope });
    return tooManyRefusals(verdict.scope, verdict.retryAfterSeconds);
  }
  const { connection, secrets } = loaded;
  const scheme = connection.authConfig.scheme ?? undefined;
  const transport = transportVerdict(deps.insecureTransport, scheme, request.secureTransport);
  const warnings = transport === 'ok' ? undefined : [INSECURE_TRANSPORT_MESSAGE];
  const recorder = createInboundRecorder(
    deps,
    connection,
    scheme,
    request.headers,
    receivedAt,
    request.address,
    warnings,
  );

  if (!connection.enabled) {
    return recorder.reject(FAILURES.connectionDisabled(), EMPTY);
  }
  if (transport === 'reject') {
    return recorder.reject(FAILURES.insecureTransport(), EMPTY);
  }

  // 1. Size: refuse on the declared length, else count while streaming; never buffer past the limit.
  const limit = connection.maxBodyBytes ?? deps.maxBodyBytes;
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > limit) return recorder.reject(FAILURES.payloadTooLarge(limit), EMPTY, declared);
  const reading = readBodyWithLimit(request.body, {
    limit,
    signal: request.bodySignal,
    minBytesPerSecond: deps.minBodyBytesPerSecond,
    graceMs: deps.bodyGraceMs,
    contentLength: request.headers['transfer-encoding'] === undefined ? declared : undefined,
  });
  // A body that arrived whole is read at once: no await, so no extra turn of the microtask queue (a body
  // that came in the same packet as its head takes one turn, see `readAfterParsing`).
  const read = reading instanceof Promise ? await reading : reading;
  if (!read.ok) {
    if (read.reason === 'aborted') {
      // The sender went away mid-upload: its own problem, not the gateway's, so no error and no stack.
      deps.logger.info(
        { connectionId: connection.id, bytesReceived: read.bytesSeen },
        'upload aborted by the client before the body was complete; recorded as truncated, nothing stored',
      );
    }
    return rejectUnreadBody(recorder, read.reason, read.bytesSeen, limit);
  }
  const body = read.body;

  // 2. Authenticity, by the connection's scheme against every active credential version.
  if (!scheme) return recorder.reject(FAILURES.unknownAuthMode(connection.mode), body);
  const started = performance.now();
  let verified: VerifyResult;
  try {
    const credentials = deps.loadCredentials(secrets);
    const publicUrl = publicUrlOf(connection, deps.publicUrl, request.url);
    const { method, url, headers } = request;
    const verifyRequest: VerifyRequest =
      publicUrl === undefined ? { method, url, headers, body } : { method, url, headers, body, publicUrl };
    const verifying = scheme.verify(
      verifyRequest,
      connection.authConfig.config,
      credentials,
      new Date(receivedAt),
    );
    // Most schemes answer at once (HMAC, public keys): no await, so no extra turn of the microtask queue.
    verified = verifying instanceof Promise ? await verifying : verifying;
  } catch (error) {
    deps.logger.error(
      { connectionId: connection.id, err: errorName(error) },
      'credential could not be loaded',
    );
    return recorder.reject(FAILURES.credentialUnloadable(), body);
  }
  deps.metrics.verifyDuration.observe((performance.now() - started) / 1000, connection.mode);
  if (!verified.ok) return recorder.reject(verified, body);
  if (verified.handshake) {
    await recorder.record(recorder.row('ACCEPTED', 'Handshake answered; no event stored', body));
    return { kind: 'handshake', response: verified.handshake };
  }
  if (request.method !== 'POST') {
    return recorder.reject(FAILURES.methodNotAllowed(request.method), body);
  }

  // 3–4. Idempotency, then parse (JSON or form-encoded, whatever the declared type). A repeated key is
  // decided by the commit's unique constraint, so the common case (a new key) costs no extra query; only
  // a body that does not parse is first checked against the stored keys, which keeps the documented order:
  // a repeat is a duplicate whatever its body.
  const idempotencyKey = verified.idempotencyKey ?? request.headers['x-idempotency-key'] ?? null;
  const parsed = parsePayload(body, request.headers['content-type']);
  if (!parsed.ok) {
    const firstId =
      idempotencyKey === null ? null : await deps.store.findIdempotencyKey(connection.id, idempotencyKey);
    if (firstId === null) return recorder.reject(parsed, body);
    await recorder.record({
      ...recorder.row('DUPLICATE', `Duplicate of ${firstId}`, body),
      duplicateOf: firstId,
    });
    return { kind: 'duplicate', eventId: firstId };
  }

  // 5. Durable commit (group commit), then the answer.
  const eventId = newId('evt');
  const row = recorder.row('ACCEPTED', null, body, body.length, eventId, parsed.text);
  const event = {
    id: eventId,
    connectionId: connection.id,
    receivedAt,
    contentType: request.headers['content-type'] ?? null,
    headers: recorder.headers,
    body,
    idempotencyKey,
  };
  // Only a forwarding connection pays for forwarding: its inbound headers are kept with the event's job,
  // whose first attempt is leased in the same commit when the local worker has room.
  const settings = connection.forward?.enabled === true ? connection.forward : null;
  const forward =
    settings === null
      ? undefined
      : {
          headers: forwardedHeaders(
            request.headers,
            credentialBearingHeaders(scheme, connection.authConfig.config),
          ),
          ...withLease(deps.forwardDispatch?.reserve(connection.id) ?? null),
        };
  const commitStarted = performance.now();
  let committed: AcceptResult | null;
  try {
    committed = await deps.store.acceptEvent(event, row, forward);
  } catch (error) {
    // An unreachable store is logged once by its health, not once per refused event.
    const level = isStoreUnavailable(error) ? 'debug' : 'error';
    deps.logger[level]({ connectionId: connection.id, err: errorName(error) }, 'event commit failed');
    committed = null;
  }
  if (forward?.lease !== undefined && committed?.status !== 'accepted') {
    deps.forwardDispatch?.cancel(forward.lease.token);
  }
  if (committed === null) {
    const failed = FAILURES.eventNotStored();
    return recorder
      .reject(failed, body)
      .catch(() => ({ kind: 'rejected', code: failed.code, message: failed.message }) as const);
  }
  deps.metrics.storeCommitDuration.observe((performance.now() - commitStarted) / 1000);
  if (committed.status === 'duplicate') {
    const message = `Duplicate of ${committed.eventId}`;
    recorder.published({
      ...row,
      id: committed.historyId,
      outcome: 'DUPLICATE',
      message,
      eventId: null,
      duplicateOf: committed.eventId,
    });
    return { kind: 'duplicate', eventId: committed.eventId };
  }
  // The live tail shows the forward as the commit left it: pending, its first attempt leased or queued.
  recorder.published(
    row,
    forward === undefined
      ? null
      : { status: 'pending', attempts: forward.lease === undefined ? 0 : 1, lastStatusCode: null },
  );
  if (settings !== null && forward?.lease !== undefined) {
    deps.forwardDispatch?.handoff({
      job: {
        eventId,
        connectionId: connection.id,
        state: 'pending',
        attempts: 1,
        scheduleBase: 0,
        dueAt: forward.lease.until,
        lastStatus: null,
        lastError: null,
        headers: forward.headers,
        createdAt: receivedAt,
      },
      leaseToken: forward.lease.token,
      settings,
      body,
      contentType: event.contentType,
    });
  }
  const queued = settings !== null && forward?.lease === undefined;
  deps.onAccepted?.({ eventId, historyId: row.id, connectionId: connection.id, forwarding: queued });
  return { kind: 'accepted', eventId };
}

/** The refusal of a body that could not be read to its end; the connection is closed after the answer. */
async function rejectUnreadBody(
  recorder: InboundRecorder,
  reason: BodyReadFailure,
  bytesSeen: number,
  limit: number,
): Promise<InboundOutcome> {
  switch (reason) {
    case 'too_large':
      return recorder.reject(FAILURES.payloadTooLarge(limit), EMPTY, bytesSeen);
    case 'aborted': {
      const rejected = await recorder.reject(FAILURES.bodyTruncated(), EMPTY, bytesSeen);
      return { ...rejected, close: true };
    }
    case 'timeout':
      return recorder.reject(FAILURES.requestTimeout(), EMPTY, bytesSeen);
    case 'too_slow':
      return recorder.reject(FAILURES.bodyTooSlow(), EMPTY, bytesSeen);
    default:
      return assertNever(reason);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled body read failure: ${String(value)}`);
}

/**
 * The URL the sender called, for URL-signed schemes: `auth.publicUrl` or HOOKGATE_PUBLIC_URL + path;
 * undefined when neither is set.
 */
function publicUrlOf(
  connection: ConnectionRecord,
  base: string | undefined,
  url: string,
): string | undefined {
  const configured = connection.authConfig.config.publicUrl;
  const root = typeof configured === 'string' && configured !== '' ? configured : base;
  if (!root) return undefined;
  if (root.includes('/webhooks/in/')) return root;
  return root.replace(/\/+$/, '') + url;
}

/** `{ lease }` when the local forward worker reserved one, else nothing. */
function withLease(lease: ForwardLease | null): { lease?: ForwardLease } {
  return lease === null ? {} : { lease };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
