import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { failure } from '../errors/result.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Store } from '../store/types.ts';
import { sendError } from './http-errors.ts';

/** `/healthz` (process up), `/readyz` (store answers), `/metrics` (Prometheus; admin token required). */
export async function systemRoutes(
  app: FastifyInstance,
  deps: { store: Store; metrics: Metrics; requireAdmin: onRequestHookHandler },
): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.store.ping();
      return { status: 'ready' };
    } catch {
      return sendError(reply, failure('SERVICE_UNAVAILABLE', 'Store is not reachable'));
    }
  });

  app.get('/metrics', { schema: { hide: true }, onRequest: deps.requireAdmin }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
