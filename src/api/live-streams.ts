import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * The open live-tail (Server-Sent Events) responses. An SSE response never ends by itself, and the HTTP
 * server's close waits for every open response: a stop must end them first, or it waits for the clients.
 */
export interface LiveStreams {
  /** Registers an open stream; returns the function that forgets it (call it when the client leaves). */
  add(response: ServerResponse): () => void;
  /** Ends every open stream and returns how many there were. */
  endAll(): number;
  /** How many streams are open. */
  readonly size: number;
}

/** Creates an empty registry. */
export function createLiveStreams(): LiveStreams {
  const open = new Set<ServerResponse>();
  return {
    add(response) {
      open.add(response);
      return () => {
        open.delete(response);
      };
    },
    endAll() {
      const count = open.size;
      for (const response of open) response.end();
      open.clear();
      return count;
    },
    get size() {
      return open.size;
    },
  };
}

/**
 * Takes the response over from Fastify and opens a Server-Sent Events stream on it: no caching, no proxy
 * buffering (`x-accel-buffering`), and a first comment line so clients and proxies see the stream is live.
 */
export function openEventStream(reply: FastifyReply): ServerResponse {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  out.write(': connected\n\n');
  return out;
}
