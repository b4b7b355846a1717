import { type EventSourceMessage, EventSourceParserStream } from 'eventsource-parser/stream';
import type { Clock } from '../../core/index.ts';
import type { ApiClient } from '../api-client.ts';
import type { Checkpoint } from './listen-state.ts';
import { type LocalRequest, localRequest, type StreamedEvent, streamedEventSchema } from './local-request.ts';

/** Waits (ms) before reconnecting to the stream or re-sending an event: doubling, capped. */
export const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15_000] as const;

/** How long one POST to the local app may take. */
const LOCAL_TIMEOUT_MS = 30_000;

/** One POST of an event to the local app, as reported. */
export interface AttemptFields {
  readonly at: number;
  readonly eventId: string;
  readonly connectionId: string;
  readonly connectionName: string;
  /** The local app's HTTP status, or null when it could not be reached. */
  readonly status: number | null;
  readonly error?: string;
  readonly ms: number;
}

/** What `listen` reports as it goes; the command prints it (human lines or JSON). */
export type ListenReport =
  | { readonly type: 'ready'; readonly resumedAfter: string | null }
  | { readonly type: 'reconnecting'; readonly reason: string; readonly inMs: number }
  | { readonly type: 'cursor_expired'; readonly eventId: string }
  | ({ readonly type: 'forwarded' } & AttemptFields)
  | ({ readonly type: 'failed' } & AttemptFields)
  | { readonly type: 'retrying'; readonly eventId: string; readonly attempt: number; readonly inMs: number };

/** What to do. */
export interface ListenOptions {
  readonly forwardTo: string;
  readonly connectionIds: readonly string[];
  /** Only events received at or after this instant (epoch ms). */
  readonly since?: number | undefined;
  readonly secret: string;
}

/** What `listen` uses; injected so tests can drive it. */
export interface ListenDeps {
  readonly client: ApiClient;
  /** For the POSTs to the local app. */
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  /** Resolves after `ms`, or early when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly checkpoint: Checkpoint;
  /** A connection's name for the report lines (its id when unknown). */
  readonly connectionName: (connectionId: string) => Promise<string>;
  readonly report: (report: ListenReport) => void;
  /** Aborted on Ctrl-C: `listen` then returns. */
  readonly signal: AbortSignal;
}

/** The fatal answers of the stream (a wrong token, a bad flag): retrying cannot help. */
export class ListenError extends Error {}

/** The delay before retry number `attempt` (0-based). */
function retryDelay(attempt: number): number {
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 15_000;
}

/** The message of an error, with its cause's code (ECONNREFUSED…) when fetch wraps one. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Forwards the gateway's event stream to a local URL until `signal` aborts: one event at a time, in
 * stream order; an event is retried (with backoff) until the local app answers 2xx, and only then recorded
 * as handed over (`checkpoint`). A dropped stream is reopened after the last handed-over event, so nothing
 * is skipped and nothing handed over is sent again. Throws `ListenError` when the gateway refuses the
 * stream for a reason retrying cannot fix (401, 400).
 */
export async function runListen(options: ListenOptions, deps: ListenDeps): Promise<void> {
  let after = deps.checkpoint.load();
  // Before the first event, a reconnect must not lose what arrived meanwhile: it asks for events since
  // the first connection was made (by the gateway's clock, from its Date header).
  let since = options.since;
  let failures = 0;
  let announced = false;
  while (!deps.signal.aborted) {
    let reason: string;
    try {
      const response = await deps.client.stream(streamPath(options.connectionIds, after, since), {
        signal: deps.signal,
      });
      if (response.status === 410 && after !== null) {
        await response.body?.cancel();
        deps.report({ type: 'cursor_expired', eventId: after });
        deps.checkpoint.clear();
        after = null;
        continue;
      }
      if (response.status === 401 || response.status === 400 || response.status === 404) {
        throw new ListenError(
          `the gateway refused the stream: HTTP ${response.status} ${await response.text()}`,
        );
      }
      if (!response.ok || response.body === null) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      if (after === null && since === undefined) since = gatewayTime(response, deps.clock);
      if (!announced) deps.report({ type: 'ready', resumedAfter: after });
      announced = true;
      failures = 0;
      for await (const message of messages(response.body)) {
        const event = streamedEventSchema.parse(JSON.parse(message.data));
        if (!(await handOver(event, options, deps))) return;
        deps.checkpoint.save(event.id);
        after = event.id;
      }
      reason = 'the stream ended';
    } catch (error) {
      if (deps.signal.aborted) return;
      if (error instanceof ListenError) throw error;
      reason = describe(error);
    }
    const inMs = retryDelay(failures);
    failures += 1;
    deps.report({ type: 'reconnecting', reason, inMs });
    await deps.sleep(inMs, deps.signal);
  }
}

/** `/api/v1/events/stream?connectionId=…&after=…&since=…`. */
function streamPath(
  connectionIds: readonly string[],
  after: string | null,
  since: number | undefined,
): string {
  const query = new URLSearchParams();
  for (const id of connectionIds) query.append('connectionId', id);
  if (after !== null) query.set('after', after);
  if (since !== undefined) query.set('since', new Date(since).toISOString());
  const text = query.toString();
  return `/api/v1/events/stream${text ? `?${text}` : ''}`;
}

/** The gateway's time from the response's `Date` header (whole seconds, so never later), else ours. */
function gatewayTime(response: Response, clock: Clock): number {
  const date = Date.parse(response.headers.get('date') ?? '');
  return Number.isNaN(date) ? clock.now() : date;
}

/** The messages of an SSE body, parsed by eventsource-parser. */
async function* messages(body: ReadableStream<Uint8Array<ArrayBuffer>>): AsyncGenerator<EventSourceMessage> {
  const reader = body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * POSTs `event` to the local app until it answers 2xx, each attempt signed afresh. False when `signal`
 * aborted first.
 */
async function handOver(event: StreamedEvent, options: ListenOptions, deps: ListenDeps): Promise<boolean> {
  const connectionName = await deps.connectionName(event.connectionId);
  for (let attempt = 0; !deps.signal.aborted; attempt += 1) {
    const started = deps.clock.now();
    const request = localRequest(event, options.secret, Math.floor(started / 1000));
    const answer = await post(options.forwardTo, request, deps);
    const ms = Math.max(0, Math.round(deps.clock.now() - started));
    const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
    if (!ok && deps.signal.aborted) return false;
    deps.report({
      type: ok ? 'forwarded' : 'failed',
      at: started,
      eventId: event.id,
      connectionId: event.connectionId,
      connectionName,
      status: answer.status,
      ...(answer.error !== undefined && { error: answer.error }),
      ms,
    });
    if (ok) return true;
    const inMs = retryDelay(attempt);
    deps.report({ type: 'retrying', eventId: event.id, attempt: attempt + 1, inMs });
    await deps.sleep(inMs, deps.signal);
  }
  return false;
}

/** One POST to the local app: its status (the body is read and dropped), or why it failed. */
async function post(
  url: string,
  request: LocalRequest,
  deps: ListenDeps,
): Promise<{ status: number | null; error?: string }> {
  try {
    const response = await deps.fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.any([deps.signal, AbortSignal.timeout(LOCAL_TIMEOUT_MS)]),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (error) {
    return { status: null, error: describe(error) };
  }
}
