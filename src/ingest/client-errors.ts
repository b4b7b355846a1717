import type { Socket } from 'node:net';
import type { ErrorCode } from '../errors/error-codes.ts';
import { ERROR_CODES } from '../errors/error-codes.ts';
import { createInboundRecorder, type RecorderDeps } from './inbound-recorder.ts';

/** What Node reports for a request it could not parse (`clientError`). */
export interface ClientError extends Error {
  readonly code?: string;
  /** The bytes received before the parser gave up (a Buffer at run time). */
  readonly rawPacket?: unknown;
}

const INBOUND_REQUEST_LINE = /^[A-Z]+ \/webhooks\/in\/([A-Za-z0-9_-]{1,100})[ ?/]/;

/** The connection id of an inbound request that Node refused before routing, from its request line. */
export function inboundConnectionOf(rawPacket: unknown): string | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  return INBOUND_REQUEST_LINE.exec(rawPacket.subarray(0, 256).toString('latin1'))?.[1];
}

/** Which error a refused request gets: headers over Node's limit (431), a timeout (408), else 400. */
function classify(error: ClientError): { code: ErrorCode; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      code: 'HEADERS_TOO_LARGE',
      message: 'HEADERS_TOO_LARGE: Request headers exceed the 16 KB limit',
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { code: 'REQUEST_TIMEOUT', message: 'REQUEST_TIMEOUT: The request was not received in time' };
  }
  return { code: 'VALIDATION_ERROR', message: 'VALIDATION_ERROR: Malformed HTTP request' };
}

/**
 * Answers requests Node's HTTP parser refused (oversized headers, malformed requests) with our JSON error,
 * and, when the request line names an existing inbound connection, records the refusal in its history.
 */
export function createClientErrorHandler(deps: RecorderDeps & { readonly now: () => number }) {
  return (error: ClientError, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { code, message } = classify(error);
    const status = ERROR_CODES[code].status;
    const body = JSON.stringify({ error: code, message });
    socket.end(
      `HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    const connectionId = inboundConnectionOf(error.rawPacket);
    if (connectionId !== undefined) void record(deps, connectionId, message);
  };
}

async function record(
  deps: RecorderDeps & { readonly now: () => number },
  connectionId: string,
  message: string,
) {
  try {
    const connection = await deps.store.getConnection(connectionId);
    if (connection === null) return;
    const recorder = createInboundRecorder(deps, connection, undefined, {}, deps.now());
    await recorder.record(recorder.row('ERROR', message, new Uint8Array(0)));
  } catch {
    // The answer is already sent; a history row that cannot be written is not worth a crash.
  }
}
