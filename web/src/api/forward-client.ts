import type { Requester } from './client.ts';
import type { Connection, ConnectionWithForwardSecret, ForwardAttempt, ForwardInput, Page } from './types.ts';

/** Forwarding: a connection's forward settings and secret, an event's attempts, redelivery. */
export class ForwardClient {
  constructor(private readonly request: Requester) {}

  /** Turns forwarding on or changes it (`forwardSecret` when it was just turned on), or off with null. */
  setForward(connectionId: string, forward: ForwardInput | null): Promise<ConnectionWithForwardSecret> {
    return this.request('PATCH', `/connections/${encodeURIComponent(connectionId)}`, { forward });
  }

  rotateSecret(
    connectionId: string,
    graceSeconds: number,
  ): Promise<{ connection: Connection; forwardSecret: string }> {
    return this.request('POST', `/connections/${encodeURIComponent(connectionId)}/forward/rotate`, {
      graceSeconds,
    });
  }

  attempts(eventId: string): Promise<Page<ForwardAttempt>> {
    return this.request('GET', `/events/${encodeURIComponent(eventId)}/attempts`, undefined, { limit: 50 });
  }

  redeliver(eventId: string): Promise<{ queued: number }> {
    return this.request('POST', `/events/${encodeURIComponent(eventId)}/redeliver`);
  }

  /** Every forward of the connection that ended failed or dead since `since` (ISO time). */
  redeliverFailed(connectionId: string, since: string): Promise<{ queued: number }> {
    return this.request('POST', `/connections/${encodeURIComponent(connectionId)}/redeliver`, {
      since,
      status: 'failed',
    });
  }
}
