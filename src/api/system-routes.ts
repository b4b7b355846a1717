import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Metrics } from '../observability/index.ts';
import type { StoreLifecycle } from '../store/index.ts';
import { STORE_UNAVAILABLE, sendError } from './http-errors.ts';

/**
 * `/healthz` (process up), `/readyz` (the store answers a query now; 503 while it cannot be reached, so a
 * load balancer sends traffic elsewhere), `/metrics` (Prometheus; admin token required).
 */
export async function systemRoutes(
  app: FastifyInstance,
  deps: { store: Pick<StoreLifecycle, 'ping'>; metrics: Metrics; requireAdmin: onRequestHookHandler },
): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.store.ping();
      return { status: 'ready' };
    } catch {
      return sendError(reply, STORE_UNAVAILABLE);
    }
  });

  app.get('/metrics', { schema: { hide: true }, onRequest: deps.requireAdmin }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
