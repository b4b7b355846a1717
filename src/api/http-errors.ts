import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type ErrorBody, FAILURES, type Failure, failure, statusOf } from '../errors/index.ts';
import type { HttpReply } from '../ingest/index.ts';
import type { Logger } from '../observability/index.ts';
import { isStoreUnavailable, StoreCursorError } from '../store/index.ts';

/** The answer to any request that needed the store while it could not be reached. */
export const STORE_UNAVAILABLE = FAILURES.storeUnreachable();

/** Sends an error body with the status that belongs to its code. */
export function sendError(reply: FastifyReply, failed: Pick<Failure, 'code' | 'message'>): FastifyReply {
  const body: ErrorBody = { error: failed.code, message: failed.message };
  return reply.status(statusOf(failed.code)).send(body);
}

/**
 * Installs the JSON error and not-found handlers: validation problems → 400 VALIDATION_ERROR naming the
 * field, unknown routes → 404 NOT_FOUND, a store that cannot be reached (`isStoreUnavailable`) → 503
 * SERVICE_UNAVAILABLE, anything unexpected → 500 INTERNAL_ERROR (logged without bodies).
 */
export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, FAILURES.noRoute(request.method, request.url.split('?')[0] ?? ''));
  });
  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendError(reply, failureOf(error, request.raw, logger)),
  );
}

/**
 * What an error thrown while answering `raw` becomes (see `installErrorHandlers`); logged here, without
 * bodies. Also used by the lean inbound handler, which answers outside Fastify.
 */
export function failureOf(
  error: Partial<FastifyError>,
  raw: IncomingMessage,
  logger: Logger,
): Pick<Failure, 'code' | 'message'> {
  if (error instanceof StoreCursorError) return failure('VALIDATION_ERROR', 'cursor is not valid');
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    const first = error.validation[0];
    const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
    const detail = `${where}${path ? `.${path}` : ''}: ${first?.message ?? 'is invalid'}`;
    return failure('VALIDATION_ERROR', detail);
  }
  if (error.statusCode === 413) return failure('PAYLOAD_TOO_LARGE', 'Request body too large');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return failure('VALIDATION_ERROR', error.message ?? '');
  }
  const url = (raw.url ?? '').split('?')[0];
  if (raw.destroyed && !raw.complete) {
    // The client went away mid-request; what failed is reading its body, not the gateway.
    logger.info({ url, code: error.code }, 'request aborted by the client before it was complete');
    return failure('VALIDATION_ERROR', 'Request was aborted');
  }
  const logged = { err: { name: error.name, code: error.code }, url };
  if (isStoreUnavailable(error)) {
    // The store's health logs the outage once; a line per refused request would flood the log.
    logger.debug(logged, 'request failed: store unreachable');
    return STORE_UNAVAILABLE;
  }
  logger.error(logged, 'request failed');
  return FAILURES.unexpected();
}

/** `failureOf` as a JSON reply, for answers written outside Fastify (the lean inbound handler). */
export function errorReply(error: unknown, raw: IncomingMessage, logger: Logger): HttpReply {
  const failed = failureOf(
    typeof error === 'object' && error !== null ? (error as Partial<FastifyError>) : {},
    raw,
    logger,
  );
  const body: ErrorBody = { error: failed.code, message: failed.message };
  return {
    status: statusOf(failed.code),
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}
