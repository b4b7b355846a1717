import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { handleInbound, type InboundDeps } from './handle-inbound.ts';
import { type HttpReply, toHttpReply } from './inbound-outcome.ts';
import { awaitTurn, type SocketRequests } from './socket-requests.ts';
import { isLoopback, isSecureTransport } from './transport-guard.ts';

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
        const turn = awaitTurn(deps.requests, request.raw);
        if (turn !== true && !(await turn)) return reply.hijack();
        const signal = arrivals.get(request.raw)?.bodySignal;
        const outcome = await handleInbound(
          {
            connectionId: request.params.connectionId,
            method: request.method,
            url: request.url,
            headers: flattenHeaders(request.raw, arrivals.get(request.raw)?.contentType),
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
function flattenHeaders(
  raw: IncomingMessage,
  contentType: string | undefined,
): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  const given = raw.headers;
  for (const name in given) {
    const value = given[name];
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['content-type'] = contentType;
  return headers;
}

/**
 * The headers as the lean handler hands them on: Node's own object, not a copy, when every value in it is
 * a string (Node joins a repeated header with `, ` itself; only `set-cookie` is kept as a list), else
 * `flattenHeaders`. A request without a content type then has no `content-type` key rather than one set to
 * undefined, which every reader of the headers treats alike.
 */
function leanHeaders(request: IncomingMessage): Readonly<Record<string, string | undefined>> {
  const given = request.headers;
  if (given['set-cookie'] !== undefined) return flattenHeaders(request, given['content-type']);
  return given as Readonly<Record<string, string | undefined>>;
}

/**
 * `POST /webhooks/in/<id>` in its plain form: an id as `isConnectionId` accepts it (so no percent-encoding,
 * never longer than the router's parameter limit), then the end of the path or a query string. Every other
 * form (`;`, `#`, `%`, a trailing `/`, another method) is left to the Fastify route, which decodes it.
 */
const PLAIN_INBOUND_PATH = /^\/webhooks\/in\/([A-Za-z0-9_-]{1,100})(?:\?|$)/;

/** What the lean inbound handler needs besides the route's dependencies. */
export interface LeanInboundOptions {
  /** True once the server is closing: then Fastify answers (503, `return503OnClosing`). */
  readonly closing: () => boolean;
  /** The answer to an error the handler threw, as the app's error handler gives it. */
  readonly errorReply: (error: unknown, request: IncomingMessage) => HttpReply;
}

/**
 * The inbound route without Fastify's generic pipeline (routing, request and reply objects, hooks, content
 * type parsing): the hot path of the gateway, served straight from the server's `request` event. It takes
 * only what it can answer exactly as the Fastify route would — a POST to a plain inbound path, while the
 * server is not closing — and returns false for anything else, which the caller then hands to Fastify.
 * Only for servers without trusted proxies: the client address and protocol are then the socket's own.
 */
export function createLeanInbound(
  deps: InboundRouteDeps,
  options: LeanInboundOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    if (request.method !== 'POST' || options.closing()) return false;
    const match = PLAIN_INBOUND_PATH.exec(request.url ?? '');
    const connectionId = match?.[1];
    if (connectionId === undefined) return false;
    void serveLean(request, response, connectionId, deps, options);
    return true;
  };
}

async function serveLean(
  request: IncomingMessage,
  response: ServerResponse,
  connectionId: string,
  deps: InboundRouteDeps,
  options: LeanInboundOptions,
): Promise<void> {
  const bodySignal = deps.requests.expectBody(request);
  let http: HttpReply;
  try {
    const turn = awaitTurn(deps.requests, request);
    if (turn !== true && !(await turn)) return;
    const socket = request.socket as TLSSocket;
    // Fastify's `request.ip` without trusted proxies (undefined once the socket is gone, as there).
    const address = socket.remoteAddress as string;
    const outcome = await handleInbound(
      {
        connectionId,
        method: 'POST',
        url: request.url ?? '',
        headers: leanHeaders(request),
        address,
        body: request,
        bodySignal,
        secureTransport: () => socket.encrypted === true || isLoopback(address),
      },
      deps,
    );
    http = toHttpReply(outcome);
  } catch (error) {
    http = options.errorReply(error, request);
  }
  response.writeHead(http.status, { ...http.headers, 'content-length': Buffer.byteLength(http.body) });
  response.end(http.body);
}
