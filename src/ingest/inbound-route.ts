import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { handleInbound, type InboundDeps } from './handle-inbound.ts';
import { toHttpReply } from './inbound-outcome.ts';
import type { SocketRequests } from './socket-requests.ts';
import { isSecureTransport } from './transport-guard.ts';

/**
 * Per request, kept aside from the start: the content type the sender declared (to hookgate a hint, not a
 * gate) and the signal that tells the body reader the body can no longer arrive.
 */
const arrivals = new WeakMap<IncomingMessage, { contentType: string | undefined; bodySignal: AbortSignal }>();

/** What the inbound routes need: the handler's dependencies and the socket bookkeeping. */
export interface InboundRouteDeps extends InboundDeps {
  readonly requests: SocketRequests;
}

/**
 * Registers `POST /webhooks/in/:connectionId`. The body is handed to the handler as a raw stream
 * (nothing is parsed or buffered by the framework), whatever content type the sender declared.
 */
export async function inboundRoutes(app: FastifyInstance, deps: InboundRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    // A callback hook, not an async one: it runs on every inbound request and needs no promise.
    scope.addHook('onRequest', (request, _reply, done) => {
      // Fastify would answer 415 itself for a malformed Content-Type; we want a history row instead.
      arrivals.set(request.raw, {
        contentType: request.raw.headers['content-type'],
        bodySignal: deps.requests.expectBody(request.raw),
      });
      if (request.raw.headers['content-type'] !== undefined) {
        request.raw.headers['content-type'] = 'application/octet-stream';
      }
      done();
    });
    // POST carries events; GET and HEAD reach the scheme only for provider handshakes (Dropbox, Okta, Trello).
    scope.route<{ Params: { connectionId: string } }>({
      method: ['POST', 'GET', 'HEAD'],
      url: '/webhooks/in/:connectionId',
      exposeHeadRoute: false,
      schema: { hide: true },
      handler: async (request, reply) => {
        const turn = deps.requests.turn(request.raw);
        if (turn !== undefined) {
          await turn;
          // An earlier answer on this socket closed it: this request can get no answer, so it is not acted
          // on (HTTP clients retry requests pipelined behind a closed connection).
          if (!request.raw.socket.writable) return reply.hijack();
        }
        const signal = arrivals.get(request.raw)?.bodySignal;
        const outcome = await handleInbound(
          {
            connectionId: request.params.connectionId,
            method: request.method,
            url: request.url,
            headers: flattenHeaders(request.raw),
            address: request.ip,
            body: (request.body as Readable | undefined) ?? request.raw,
            ...(signal !== undefined && { bodySignal: signal }),
            secureTransport: () => isSecureTransport(request),
          },
          deps,
        );
        const http = toHttpReply(outcome);
        return reply.status(http.status).headers(http.headers).send(http.body);
      },
    });
  });
}

/** Lower-cased headers with repeated values joined by `, `, the declared content type restored. */
function flattenHeaders(raw: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['content-type'] = arrivals.get(raw)?.contentType;
  return headers;
}
