import type { FastifyRequest } from 'fastify';
import type { ConnectionRecord, EventRecord, ForwardSummary, HistoryRecord } from '../store/index.ts';

/** The public base URL for links: HOOKGATE_PUBLIC_URL, else the scheme and host the admin request used. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

/** A connection as the API shows it: the auth settings without any credential, dates as ISO strings. */
export function connectionView(connection: ConnectionRecord, baseUrl: string) {
  return {
    id: connection.id,
    name: connection.name,
    auth: { ...connection.authConfig.config, mode: connection.mode },
    secretPreview: connection.secretPreview,
    inboundUrl: `${baseUrl}/webhooks/in/${connection.id}`,
    maxBodyBytes: connection.maxBodyBytes,
    enabled: connection.enabled,
    createdAt: iso(connection.createdAt),
    updatedAt: iso(connection.updatedAt),
    rotationReminderDays: connection.rotationReminderDays,
  };
}

/** A history row as the API shows it, with its event's forward (null when there is none). */
export function historyView(row: HistoryRecord, forward: ForwardSummary | null = null) {
  return {
    ...row,
    headers: { ...row.headers },
    receivedAt: iso(row.receivedAt),
    forward,
    warnings: [...(row.warnings ?? [])],
  };
}

/** A stored event: its exact bytes as base64. */
export function eventView(event: EventRecord) {
  return {
    id: event.id,
    connectionId: event.connectionId,
    receivedAt: iso(event.receivedAt),
    contentType: event.contentType,
    headers: { ...event.headers },
    body: Buffer.from(event.body).toString('base64'),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
