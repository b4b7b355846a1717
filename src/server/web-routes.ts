import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from '../api/index.ts';
import { FAILURES } from '../errors/index.ts';

/**
 * The dashboard's Content-Security-Policy. The admin token sits in the tab's sessionStorage, so no script
 * but our own bundle may run (no inline script, no eval, no third-party origin), the page may talk only to
 * this gateway, and no other site may frame it (clickjacking).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every dashboard response (the static files and the index.html fallback). */
export const DASHBOARD_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/**
 * Serves the built dashboard (web/dist) at `/`. Unknown GET paths outside the API and the inbound
 * endpoint fall back to index.html so the dashboard's client-side routes work on reload.
 */
export async function webRoutes(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) return;
  // A scope of its own: the headers apply to the dashboard's routes only, not to the API or inbound.
  await app.register(async (web) => {
    web.addHook('onRequest', (_request, reply, done) => {
      reply.headers(DASHBOARD_HEADERS);
      done();
    });
    await web.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
    web.get('/*', { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (path.startsWith('/api/') || path.startsWith('/webhooks/')) {
        return sendError(reply, FAILURES.noRoute('GET', path));
      }
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    });
  });
}
