import type { Readable } from 'node:stream';

/** Why reading a body stopped early. */
export type BodyReadFailure = 'too_large' | 'aborted' | 'timeout' | 'too_slow';

/** The body read up to a limit: the bytes, or why reading stopped. */
export type BodyReadResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: BodyReadFailure; readonly bytesSeen: number };

/** How a body is read. */
export interface BodyReadOptions {
  /** The most bytes accepted; one more and reading stops (`too_large`). */
  readonly limit: number;
  /** Aborted by the transport when the body can no longer arrive; a timeout as its reason reads `timeout`. */
  readonly signal?: AbortSignal | undefined;
  /** The slowest a body may arrive once `graceMs` have passed (`too_slow`); 0 = no minimum. */
  readonly minBytesPerSecond?: number;
  readonly graceMs?: number;
  /**
   * The body's length as the request's Content-Length declares it, when it has no Transfer-Encoding (then
   * the parser ends the body after exactly that many bytes): once that many are buffered, the body has
   * arrived whole, even before the parser has marked the request `complete`.
   */
  readonly contentLength?: number | undefined;
}

/** The error code Node gives a request that was not received within `requestTimeout`. */
const REQUEST_TIMEOUT_CODE = 'ERR_HTTP_REQUEST_TIMEOUT';

/**
 * Reads a request body, counting bytes as they stream in and never buffering past `limit`: as soon as the
 * count passes the limit, reading stops (the caller answers 413 and closes the connection). Bodies of
 * exactly `limit` bytes are accepted. A body that trickles in slower than `minBytesPerSecond` after the
 * grace period is given up on (`too_slow`), so one slow sender cannot hold a request open indefinitely.
 * A stream that was already destroyed (the client went away before the route ran) reads as `aborted`.
 * A body that has already arrived whole when the read starts is answered at once, without a promise (see
 * `arrivedWhole`); one that came in the same packet as its head, one microtask later (`readAfterParsing`).
 */
export function readBodyWithLimit(
  stream: Readable,
  options: BodyReadOptions,
): BodyReadResult | Promise<BodyReadResult> {
  return readAtOnce(stream, options) ?? readAfterParsing(stream, options);
}

/**
 * Node emits a request as soon as its head is parsed (the lean handler starts reading right then) and
 * pushes the body bytes of the same packet just after, before the next microtask runs: one microtask
 * later, a body sent together with its head is buffered in full and read at once. Only a body still on
 * its way then is streamed, with listeners, the rate timer and the abort signal.
 */
function readAfterParsing(stream: Readable, options: BodyReadOptions): Promise<BodyReadResult> {
  return Promise.resolve().then(() => readAtOnce(stream, options) ?? streamBody(stream, options));
}

/** The read's result when it is known without waiting for the stream; undefined when it is not. */
function readAtOnce(stream: Readable, options: BodyReadOptions): BodyReadResult | undefined {
  // A client that left while the request waited for its connection lookup: no event will come.
  if (stream.destroyed && !stream.readableEnded) return { ok: false, reason: 'aborted', bytesSeen: 0 };
  const signal = options.signal;
  if (signal?.aborted) {
    stream.pause();
    return { ok: false, reason: abortReason(signal), bytesSeen: 0 };
  }
  if (!arrivedWhole(stream, options)) return undefined;
  // Every buffered chunk at once (one chunk as it is, several concatenated): the bytes the streaming
  // read would have collected, in the same order.
  const body = stream.read() as Buffer | null;
  return { ok: true, body: body ?? Buffer.alloc(0) };
}

/**
 * True when the whole body is already buffered in `stream`, within the limit: Node's HTTP parser marks a
 * request `complete` once its last byte has arrived (and the end is pushed), or, a moment before, all the
 * bytes its Content-Length declares are buffered (the parser completes the message on its last declared
 * byte, before it parses anything after it). Then nothing more can arrive, be slow, or be cut off
 * (`SocketRequests.failBody` never aborts a complete request), and reading it needs neither listeners,
 * nor the rate timer, nor the abort signal. Anything unusual (a stream someone else reads or decodes, one
 * already ended) takes the streaming read.
 */
function arrivedWhole(stream: Readable, { limit, contentLength }: BodyReadOptions): boolean {
  const buffered = stream.readableLength;
  const complete =
    (stream as Readable & { readonly complete?: boolean }).complete === true ||
    (contentLength !== undefined && contentLength > 0 && buffered === contentLength);
  return (
    complete &&
    !stream.readableEnded &&
    stream.readableFlowing !== true &&
    stream.readableEncoding === null &&
    !stream.readableObjectMode &&
    buffered <= limit
  );
}

/** `timeout` when the transport gave up because the request took too long, else `aborted`. */
function abortReason(signal: AbortSignal): BodyReadFailure {
  const code = (signal.reason as { code?: unknown } | undefined)?.code;
  return code === REQUEST_TIMEOUT_CODE ? 'timeout' : 'aborted';
}

/** The streaming read: chunks counted as they arrive, the limit, the rate and the signal watched. */
function streamBody(stream: Readable, options: BodyReadOptions): Promise<BodyReadResult> {
  const { limit, signal, minBytesPerSecond = 0, graceMs = 0 } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const started = performance.now();
    let seen = 0;
    let settled = false;
    let rateTimer: NodeJS.Timeout | undefined;
    const finish = (result: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(rateTimer);
      signal?.removeEventListener('abort', onSignal);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onAbort);
      stream.off('close', onClose);
      resolve(result);
    };
    const fail = (reason: BodyReadFailure): void => {
      stream.pause();
      finish({ ok: false, reason, bytesSeen: seen });
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      seen += bytes.length;
      if (seen > limit) fail('too_large');
      else chunks.push(bytes);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, seen) });
    const onAbort = (): void => fail('aborted');
    const onClose = (): void => {
      if (!stream.readableEnded) onAbort();
    };
    const onSignal = (): void => {
      if (signal !== undefined) fail(abortReason(signal));
    };
    const checkRate = (): void => {
      const elapsedMs = performance.now() - started;
      if (seen < (minBytesPerSecond * elapsedMs) / 1000) fail('too_slow');
      else rateTimer = setTimeout(checkRate, Math.max(graceMs, 100)).unref();
    };
    // Plain `on` (no `once` wrappers, no listener options): `finish` removes every listener the first
    // time one of them settles the read, so none runs twice.
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onAbort);
    stream.on('close', onClose);
    signal?.addEventListener('abort', onSignal);
    if (minBytesPerSecond > 0) rateTimer = setTimeout(checkRate, graceMs).unref();
  });
}
