import { type AdminApi, unwrap } from './admin-api.ts';
import type { Connection, ConnectionWithForwardSecret, ForwardAttempt, ForwardInput, Page } from './types.ts';

/** Forwarding: a connection's forward settings and secret, an event's attempts, redelivery. */
export class ForwardClient {
  constructor(private readonly api: AdminApi) {}

  /** Turns forwarding on or changes it (`forwardSecret` when it was just turned on), or off with null. */
  setForward(connectionId: string, forward: ForwardInput | null): Promise<ConnectionWithForwardSecret> {
    return unwrap(
      this.api.PATCH('/api/v1/connections/{id}', {
        params: { path: { id: connectionId } },
        body: { forward },
      }),
    );
  }

  rotateSecret(
    connectionId: string,
    graceSeconds: number,
  ): Promise<{ connection: Connection; forwardSecret: string }> {
    return unwrap(
      this.api.POST('/api/v1/connections/{id}/forward/rotate', {
        params: { path: { id: connectionId } },
        body: { graceSeconds },
      }),
    );
  }

  attempts(eventId: string): Promise<Page<ForwardAttempt>> {
    return unwrap(
      this.api.GET('/api/v1/events/{eventId}/attempts', {
        params: { path: { eventId }, query: { limit: 50 } },
      }),
    );
  }

  redeliver(eventId: string): Promise<{ queued: number }> {
    return unwrap(this.api.POST('/api/v1/events/{eventId}/redeliver', { params: { path: { eventId } } }));
  }

  /** Every forward of the connection that ended failed or dead since `since` (ISO time). */
  redeliverFailed(connectionId: string, since: string): Promise<{ queued: number }> {
    return unwrap(
      this.api.POST('/api/v1/connections/{id}/redeliver', {
        params: { path: { id: connectionId } },
        body: { since, status: 'failed' },
      }),
    );
  }
}
