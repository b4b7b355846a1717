import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type ErrorBody, type ErrorCode, statusOf } from '../errors/error-codes.ts';
import type { Logger } from '../observability/logger.ts';
import { StoreCursorError } from '../store/index.ts';

/** A failure of an admin API operation, as a value the route turns into a response. */
export interface ApiFailure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
}

/** Builds an `ApiFailure`; the message is prefixed with the code as in every hookgate error. */
export function apiFailure(code: ErrorCode, message: string): ApiFailure {
  return { ok: false, code, message: `${code}: ${message}` };
}

/** Sends an error body with the status that belongs to its code. */
export function sendError(reply: FastifyReply, failure: Pick<ApiFailure, 'code' | 'message'>): FastifyReply {
  const body: ErrorBody = { error: failure.code, message: failure.message };
  return reply.status(statusOf(failure.code)).send(body);
}

/**
 * Installs the JSON error and not-found handlers: validation problems → 400 VALIDATION_ERROR naming the
 * field, unknown routes → 404 NOT_FOUND, anything unexpected → 500 INTERNAL_ERROR (logged without bodies).
 */
export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, apiFailure('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreCursorError) {
      return sendError(reply, apiFailure('VALIDATION_ERROR', 'cursor is not valid'));
    }
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      const first = error.validation[0];
      const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
      const detail = `${where}${path ? `.${path}` : ''}: ${first?.message ?? 'is invalid'}`;
      return sendError(reply, apiFailure('VALIDATION_ERROR', detail));
    }
    if (error.statusCode === 413)
      return sendError(reply, apiFailure('PAYLOAD_TOO_LARGE', 'Request body too large'));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, apiFailure('VALIDATION_ERROR', error.message));
    }
    logger.error(
      { err: { name: error.name, code: error.code }, url: request.url.split('?')[0] },
      'request failed',
    );
    return sendError(reply, apiFailure('INTERNAL_ERROR', 'Unexpected error; nothing was changed'));
  });
}
