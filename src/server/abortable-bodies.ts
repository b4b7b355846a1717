import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SocketRequests } from '../ingest/index.ts';

/**
 * A Fastify `preParsing` hook for every route whose body Fastify reads (all but the inbound route, which
 * reads its own under `SocketRequests.expectBody`). Fastify's body parser waits for the request stream to
 * end or fail; when Node's parser gives up in the middle of a body (a broken chunk, a body shorter than
 * its Content-Length, then FIN) the stream does neither, the route never answers, and the socket stays
 * open for good. Here Fastify reads a stream that fails instead, so the route answers 400 and the socket
 * is closed after it. A request whose body has fully arrived is handed over as it is.
 */
export function abortableBodies(requests: SocketRequests) {
  return (
    request: FastifyRequest,
    _reply: FastifyReply,
    payload: Readable,
    done: (error: Error | null, payload?: Readable) => void,
  ): void => {
    const raw = request.raw;
    if (raw.complete || requests.hasBodyReader(raw)) {
      done(null, payload);
      return;
    }
    const signal = requests.expectBody(raw);
    const body = new PassThrough();
    // Fastify listens only when it reads the body (not on GET or HEAD): a failure nobody reads is no crash.
    body.on('error', () => {});
    const fail = (reason: unknown): void => {
      payload.unpipe(body);
      body.destroy(reason instanceof Error ? reason : new Error('Request body could not be read'));
    };
    if (signal.aborted) {
      fail(signal.reason);
    } else {
      signal.addEventListener('abort', () => fail(signal.reason), { once: true });
      payload.once('error', fail);
      // A client gone mid-body: Node emits no 'error' when nobody listens on the request itself.
      payload.once('close', () => {
        if (!payload.readableEnded) fail(new Error('Request body was truncated (client aborted)'));
      });
      payload.pipe(body);
    }
    done(null, body);
  };
}
