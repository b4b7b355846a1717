import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { type SseEvent, sseEvents } from '../../src/cli/api-client.ts';
import { ADMIN_TOKEN } from './test-gateway.ts';

/** Closes the app, cutting the streams still open (they would keep `close()` waiting). */
export async function closeWithStreams(app: FastifyInstance): Promise<void> {
  const closing = app.close();
  app.server.closeAllConnections();
  await closing;
}

/**
 * Opens `GET /api/v1/history/stream<query>` on a listening gateway (optionally resuming after
 * `lastEventId`); `next()` reads its next event.
 */
export async function openHistoryStream(url: string, query: string, lastEventId?: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/history/stream${query}`, {
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(lastEventId !== undefined && { 'last-event-id': lastEventId }),
    },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const events = sseEvents(response.body!);
  return {
    next: async (): Promise<SseEvent> => (await events.next()).value as SseEvent,
    close: () => controller.abort(),
  };
}
