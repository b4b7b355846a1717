import type { Readable } from 'node:stream';

/** The body read up to a limit: the bytes, or why reading stopped. */
export type BodyReadResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too_large' | 'aborted'; readonly bytesSeen: number };

/**
 * Reads a request body, counting bytes as they stream in and never buffering past `limit`:
 * as soon as the count passes the limit, reading stops (the caller answers 413 and closes the
 * connection). Bodies of exactly `limit` bytes are accepted.
 */
export function readBodyWithLimit(stream: Readable, limit: number): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    // A client that left while the request waited for its connection lookup: no event will come.
    if (stream.destroyed && !stream.readableEnded) {
      resolve({ ok: false, reason: 'aborted', bytesSeen: 0 });
      return;
    }
    const chunks: Buffer[] = [];
    let seen = 0;
    let settled = false;
    const finish = (result: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onAbort);
      stream.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      seen += bytes.length;
      if (seen > limit) {
        stream.pause();
        finish({ ok: false, reason: 'too_large', bytesSeen: seen });
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, seen) });
    const onAbort = (): void => finish({ ok: false, reason: 'aborted', bytesSeen: seen });
    const onClose = (): void => {
      if (!stream.readableEnded) onAbort();
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onAbort);
    stream.once('close', onClose);
  });
}
