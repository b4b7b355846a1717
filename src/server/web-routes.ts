import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built dashboard (web/dist) at `/`. Unknown GET paths outside the API and the inbound
 * endpoint fall back to index.html so the dashboard's client-side routes work on reload.
 */
export async function webRoutes(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) return;
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path.startsWith('/webhooks/')) {
      return reply.status(404).send({ error: 'NOT_FOUND', message: `NOT_FOUND: No route GET ${path}` });
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}
