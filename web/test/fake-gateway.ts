import { vi } from 'vitest';
import type { Connection, HistoryRow } from '../src/api/types.ts';
import { FakeApi, json } from './fake-api.ts';
import { processingOf } from './fake-processing.ts';

let counter = 0;

export function makeConnection(overrides: Partial<Connection> = {}): Connection {
  counter += 1;
  const id = overrides.id ?? `con_${counter}`;
  return {
    id,
    name: `Connection ${counter}`,
    auth: { mode: 'shared_secret', header: 'x-webhook-secret' },
    secretPreview: 'a1b2c3…wxyz',
    inboundUrl: `http://localhost:3000/webhooks/in/${id}`,
    createdAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:04:05.000Z',
    enabled: true,
    maxBodyBytes: null,
    rotationReminderDays: null,
    secretCreatedAt: '2025-01-02T03:04:05.000Z',
    rotationDueAt: null,
    previousSecretExpiresAt: null,
    identifier: null,
    onUnknownContact: 'skip',
    forward: null,
    ...overrides,
  };
}

export function makeRow(overrides: Partial<HistoryRow> = {}): HistoryRow {
  counter += 1;
  return {
    id: `his_${counter}`,
    connectionId: 'con_1',
    receivedAt: isoAt(Date.UTC(2025, 0, 2, 3, 4, 5) + counter * 1000),
    outcome: 'ACCEPTED',
    message: null,
    headers: { 'content-type': 'application/json' },
    bodyPreview: '{"event":"test"}',
    bodySize: 16,
    eventId: `evt_${counter}`,
    duplicateOf: null,
    contactId: null,
    repeatCount: 1,
    forward: null,
    warnings: [],
    ...overrides,
  };
}

/** Epoch milliseconds as the ISO string the API sends. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** A 64-character generated secret, distinct per call. */
export function generatedSecret(tag: string): string {
  return `${tag}${'S'.repeat(64)}`.slice(0, 64);
}

function preview(secret: string): string {
  return `${secret.slice(0, 6)}…${secret.slice(-4)}`;
}

function emptyStats() {
  return { bucket: 'minute', since: isoAt(0), until: isoAt(0), buckets: [] };
}

/** A FakeApi with the admin API's routes, installed as the global fetch. */
export function installGateway(): FakeApi {
  const api = new FakeApi();
  const find = (id: string | undefined) => api.connections.find((c) => c.id === id);
  const replace = (next: Connection) => {
    api.connections = api.connections.map((c) => (c.id === next.id ? next : c));
    return next;
  };
  api
    .route('GET', /^\/api\/v1\/connections$/, ({ url }) => {
      const due = url.searchParams.get('rotationDue') === 'true';
      const items = api.connections.filter(
        (c) => !due || (c.rotationDueAt !== null && c.rotationDueAt <= isoAt(Date.now())),
      );
      return json(200, { items, nextCursor: null });
    })
    .route('POST', /^\/api\/v1\/connections$/, ({ body }) => {
      const input = body as { name: string; auth?: Connection['auth']; template?: string };
      // A template gives the auth settings; the caller's fields (a secret) go on top, as the API does.
      const template = api.templates.find((t) => t.id === input.template);
      const requested = { ...template?.auth, ...input.auth } as Connection['auth'];
      const given = typeof requested.secret === 'string' ? requested.secret : null;
      if (template?.secret.source === 'sender' && given === null) {
        return json(400, { error: 'VALIDATION_ERROR', message: 'auth.secret: is required' });
      }
      const secret = given ?? generatedSecret('gen');
      const { secret: _dropped, ...auth } = requested;
      const connection = makeConnection({
        name: input.name,
        auth: { ...auth, mode: requested.mode },
        secretPreview: preview(secret),
      });
      api.connections.unshift(connection);
      return json(201, given ? { connection } : { connection, secret });
    })
    .route('GET', /^\/api\/v1\/connections\/([^/]+)$/, (_call, [id]) => {
      const found = find(id);
      return found ? json(200, found) : json(404, { error: 'NOT_FOUND', message: 'Connection not found' });
    })
    .route('PATCH', /^\/api\/v1\/connections\/([^/]+)$/, ({ body }, [id]) => {
      const found = find(id);
      if (!found) return json(404, { error: 'NOT_FOUND', message: 'Connection not found' });
      return json(200, replace({ ...found, ...(body as Partial<Connection>) }));
    })
    .route('DELETE', /^\/api\/v1\/connections\/([^/]+)$/, (_call, [id]) => {
      api.connections = api.connections.filter((c) => c.id !== id);
      return json(204, null);
    })
    .route('POST', /^\/api\/v1\/connections\/([^/]+)\/rotate$/, (_call, [id]) => {
      const found = find(id);
      if (!found) return json(404, { error: 'NOT_FOUND', message: 'Connection not found' });
      const secret = generatedSecret('rot');
      return json(200, { connection: replace({ ...found, secretPreview: preview(secret) }), secret });
    })
    .route('GET', /^\/api\/v1\/history$/, ({ url }) => {
      const connectionId = url.searchParams.get('connectionId');
      const outcome = url.searchParams.get('outcome');
      const since = url.searchParams.get('since');
      const until = url.searchParams.get('until');
      const q = url.searchParams.get('q')?.toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      // A stand-in for the server's word search: the text anywhere in the message, id or body preview.
      const found = (r: HistoryRow) =>
        !q || [r.id, r.message ?? '', r.bodyPreview].some((text) => text.toLowerCase().includes(q));
      const rows = api.history
        .filter(
          (r) =>
            (!connectionId || r.connectionId === connectionId) &&
            (!outcome || r.outcome === outcome) &&
            (!since || r.receivedAt >= since) &&
            (!until || r.receivedAt < until) &&
            found(r),
        )
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
      const items = rows.slice(start, start + limit);
      const nextCursor = start + limit < rows.length ? String(start + limit) : null;
      return json(200, { items, nextCursor });
    })
    .route('GET', /^\/api\/v1\/history\/([^/]+)$/, (_call, [id]) => {
      const row = api.history.find((r) => r.id === id);
      return row ? json(200, row) : json(404, { error: 'NOT_FOUND', message: `No history row ${id}` });
    })
    .route('GET', /^\/api\/v1\/events\/([^/]+)$/, (_call, [id]) => {
      const event = api.events.get(id ?? '');
      return event ? json(200, event) : json(404, { error: 'NOT_FOUND', message: `No event ${id}` });
    })
    .route('GET', /^\/api\/v1\/templates$/, () => json(200, { items: api.templates, nextCursor: null }))
    .route('GET', /^\/api\/v1\/providers$/, () =>
      api.providers
        ? json(200, { items: api.providers, nextCursor: null })
        : json(404, { error: 'NOT_FOUND', message: 'No route' }),
    )
    // Stats of a quiet gateway; tests that chart something route their own answers over these.
    .route('GET', /^\/api\/v1\/stats$/, () => json(200, emptyStats()))
    .route('GET', /^\/api\/v1\/stats\/deliveries$/, () => json(200, emptyStats()))
    .route('GET', /^\/api\/v1\/stats\/connections$/, () =>
      json(200, { since: isoAt(0), until: isoAt(0), items: [] }),
    )
    .route('POST', /^\/webhooks\/in\/([^/]+)$/, () => json(202, { id: 'evt_test', status: 'accepted' }));
  // Processing routes (settings, capture, flows, contacts) answer too; outbound ones only after outboundOf().
  processingOf(api);
  vi.stubGlobal('fetch', vi.fn(api.fetch));
  return api;
}

/** Starts the app signed in (token already in session storage) at `path`. */
export function signedInAt(path: string): void {
  sessionStorage.setItem('hookgate.adminToken', 'test-admin-token-0123456789abcdef');
  window.history.replaceState(null, '', path);
}
