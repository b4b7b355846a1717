import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type ErrorBody, statusOf } from '../errors/error-codes.ts';
import { FAILURES } from '../errors/failures.ts';
import { type Failure, failure } from '../errors/result.ts';
import type { Logger } from '../observability/logger.ts';
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
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreCursorError) {
      return sendError(reply, failure('VALIDATION_ERROR', 'cursor is not valid'));
    }
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      const first = error.validation[0];
      const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
      const detail = `${where}${path ? `.${path}` : ''}: ${first?.message ?? 'is invalid'}`;
      return sendError(reply, failure('VALIDATION_ERROR', detail));
    }
    if (error.statusCode === 413)
      return sendError(reply, failure('PAYLOAD_TOO_LARGE', 'Request body too large'));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, failure('VALIDATION_ERROR', error.message));
    }
    const url = request.url.split('?')[0];
    if (request.raw.destroyed && !request.raw.complete) {
      // The client went away mid-request; what failed is reading its body, not the gateway.
      logger.info({ url, code: error.code }, 'request aborted by the client before it was complete');
      return sendError(reply, failure('VALIDATION_ERROR', 'Request was aborted'));
    }
    const logged = { err: { name: error.name, code: error.code }, url };
    if (isStoreUnavailable(error)) {
      // The store's health logs the outage once; a line per refused request would flood the log.
      logger.debug(logged, 'request failed: store unreachable');
      return sendError(reply, STORE_UNAVAILABLE);
    }
    logger.error(logged, 'request failed');
    return sendError(reply, FAILURES.unexpected());
  });
}
