import type { Socket } from 'node:net';
import type { Failure } from '../errors/index.ts';
import { FAILURES } from '../errors/index.ts';
import type { ConnectionRepository } from '../store/index.ts';
import { toHttpReply } from './inbound-outcome.ts';
import { isConnectionId } from './inbound-path.ts';
import { createInboundRecorder, type RecorderDeps, type Rejection } from './inbound-recorder.ts';
import type { SocketRequests } from './socket-requests.ts';

/** What Node reports for a request it could not parse (`clientError`). */
export interface ClientError extends Error {
  readonly code?: string;
  /** The bytes received before the parser gave up (a Buffer at run time). */
  readonly rawPacket?: unknown;
  /** Where in `rawPacket` the parser stopped. */
  readonly bytesParsed?: number;
}

/**
 * A complete request line of a routed inbound request (the methods and path `inboundRoutes` registers).
 * Only visible ASCII in the target, as Node's parser requires. Not anchored to a line start: a pipelined
 * request follows the previous body directly.
 */
const INBOUND_REQUEST_LINE =
  /(?:POST|GET|HEAD) \/webhooks\/in\/([\x21-\x2e\x30-\x3e\x40-\x7e]{1,300})(?:\?[\x21-\x7e]*)? HTTP\/1\.[01]\r\n/g;

/**
 * The connection id of the request Node refused, from its request line: the last inbound request line in
 * the packet before the point of failure whose head had not ended there (an earlier request in the same
 * packet was already answered). Percent-encoding is decoded as the router decodes it.
 */
export function inboundConnectionOf(rawPacket: unknown, bytesParsed?: number): string | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  const end = Math.min(rawPacket.length, (bytesParsed ?? rawPacket.length) + 1);
  const text = rawPacket.subarray(0, end).toString('latin1');
  let found: { id: string; at: number } | undefined;
  for (const match of text.matchAll(INBOUND_REQUEST_LINE)) found = { id: match[1] ?? '', at: match.index };
  if (found === undefined || text.includes('\r\n\r\n', found.at)) return undefined;
  const id = decodePathSegment(found.id);
  return id !== undefined && isConnectionId(id) ? id : undefined;
}

function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Which error a refused request gets: headers over Node's limit (431), a timeout (408), else 400. */
function classify(error: ClientError): Failure {
  if (error.code === 'HPE_HEADER_OVERFLOW') return FAILURES.headersTooLarge();
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return FAILURES.requestTimeout();
  return FAILURES.malformedRequest();
}

/** What the client-error handler needs. */
export interface ClientErrorDeps extends RecorderDeps {
  /** Records the refusal, naming the connection when it exists. */
  readonly store: RecorderDeps['store'] & Pick<ConnectionRepository, 'getConnection'>;
  readonly now: () => number;
  readonly requests: SocketRequests;
}

/**
 * Answers requests Node's HTTP parser refused (oversized headers, malformed requests, timeouts) with our
 * JSON error and closes the socket. A failure in the body of a request already routed is left to its route
 * (its body read fails: the inbound route records the request once and answers it, any other answers 400;
 * a route that ignores the body answers as usual), and the socket is closed once it has answered: one
 * answer per request, and no socket left waiting for a body that cannot come. Otherwise, when the request line names an
 * existing inbound connection, the refusal is recorded in its history and answered, both after the
 * answers to the earlier requests on the same socket (so each sender sees what became of each of its
 * requests; when one of those answers closed the connection, the refused request is not acted on).
 */
export function createClientErrorHandler(deps: ClientErrorDeps) {
  const failed = new WeakSet<Socket>();
  return (error: ClientError, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed || failed.has(socket)) return;
    failed.add(socket);
    // Nothing more is read: the parser has given up, and a FIN read now would make Node close the socket
    // before the pending answers are written.
    socket.pause();
    if (deps.requests.failBody(socket, error)) {
      deps.requests.whenIdle(socket, () => socket.destroySoon());
      return;
    }
    const { code, message } = classify(error);
    const refused: Rejection = { kind: 'rejected', code, message, close: true };
    const connectionId = inboundConnectionOf(error.rawPacket, error.bytesParsed);
    deps.requests.whenIdle(socket, () => {
      // An earlier answer closed the connection: like a routed request behind it, this one is not acted on.
      if (!socket.writable) return;
      const address = socket.remoteAddress ?? '';
      const recorded =
        connectionId === undefined ? Promise.resolve(refused) : record(deps, connectionId, refused, address);
      void recorded.then((outcome) => {
        socket.end(rawReply(outcome));
        socket.destroySoon();
      });
    });
  };
}

/** Records the refusal in the connection's history (when it exists); the outcome to answer with. */
async function record(
  deps: ClientErrorDeps,
  connectionId: string,
  refused: Rejection,
  address: string,
): Promise<Rejection> {
  try {
    const connection = await deps.store.getConnection(connectionId);
    if (connection === null) return refused;
    const recorder = createInboundRecorder(deps, connection, undefined, {}, deps.now(), address);
    const outcome = await recorder.reject(refused, new Uint8Array(0));
    return { ...outcome, close: true };
  } catch {
    // A history row that cannot be written is not worth a crash; the sender still gets its answer.
    return refused;
  }
}

/** An outcome as raw HTTP/1.1 bytes that close the connection (Node's response objects are not in play). */
function rawReply(outcome: Rejection): string {
  const reply = toHttpReply(outcome);
  const headers = Object.entries({ ...reply.headers, connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const length = Buffer.byteLength(reply.body);
  return `HTTP/1.1 ${reply.status} ${outcome.code}\r\n${headers}content-length: ${length}\r\n\r\n${reply.body}`;
}
