import type {
  Connection,
  ForwardChange,
  HistoryRow,
  Provider,
  SenderTemplate,
  StoredEvent,
} from '../src/api/types.ts';
import providers from './providers.json' with { type: 'json' };

export const TOKEN = 'test-admin-token-0123456789abcdef';

export interface RecordedCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: unknown;
}

type Handler = (call: RecordedCall, params: string[]) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * An in-memory stand-in for the admin API behind a stubbed `fetch`: enough state to drive the dashboard,
 * plus a record of every call so tests can assert on what the UI sent.
 */
export class FakeApi {
  connections: Connection[] = [];
  history: HistoryRow[] = [];
  /** What `GET /api/v1/providers` serves: the route's list (test/gateway/providers-api.test.ts checks it). */
  providers: Provider[] | null = providers as Provider[];
  /** Stored events by id (`GET /api/v1/events/{id}`), body in base64 as the API sends it. */
  readonly events = new Map<string, StoredEvent>();
  templates: SenderTemplate[] = [];
  readonly calls: RecordedCall[] = [];
  private readonly routes: [string, RegExp, Handler][] = [];
  private readonly streams = new Set<ReadableStreamDefaultController<Uint8Array>>();

  route(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.unshift([method, pattern, handler]);
    return this;
  }

  /** Sends one history row to every open live stream. */
  pushLive(row: HistoryRow): void {
    const chunk = new TextEncoder().encode(`id: ${row.id}\nevent: history\ndata: ${JSON.stringify(row)}\n\n`);
    for (const controller of this.streams) controller.enqueue(chunk);
  }

  /** Sends a forward's new state to every open live stream (no `id:`, as the gateway sends it). */
  pushForward(change: ForwardChange): void {
    const chunk = new TextEncoder().encode(`event: forward\ndata: ${JSON.stringify(change)}\n\n`);
    for (const controller of this.streams) controller.enqueue(chunk);
  }

  /** Ends every open live stream, as a gateway restart does. */
  endStreams(): void {
    for (const controller of this.streams) controller.close();
    this.streams.clear();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  callsTo(method: string, path: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && call.url.pathname === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost:3000');
    const method = (init.method ?? 'GET').toUpperCase();
    const text = typeof init.body === 'string' ? init.body : null;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Non-JSON bodies stay as text.
    }
    const call: RecordedCall = { method, url, headers: new Headers(init.headers), body };
    this.calls.push(call);
    if (url.pathname.startsWith('/api/') && call.headers.get('authorization') !== `Bearer ${TOKEN}`) {
      return json(401, { error: 'UNAUTHORIZED', message: 'UNAUTHORIZED: Invalid admin token' });
    }
    if (url.pathname === '/api/v1/history/stream') return this.openStream(init.signal ?? null);
    for (const [routeMethod, pattern, handler] of this.routes) {
      const match = routeMethod === method ? pattern.exec(url.pathname) : null;
      if (match) return handler(call, match.slice(1));
    }
    return json(404, { error: 'NOT_FOUND', message: `No route ${method} ${url.pathname}` });
  };

  private openStream(signal: AbortSignal | null): Response {
    let own: ReadableStreamDefaultController<Uint8Array> | null = null;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        own = controller;
        this.streams.add(controller);
        controller.enqueue(new TextEncoder().encode(': connected\n\n'));
      },
      cancel: () => {
        if (own) this.streams.delete(own);
      },
    });
    signal?.addEventListener('abort', () => {
      if (!own) return;
      this.streams.delete(own);
      try {
        own.error(new DOMException('aborted', 'AbortError'));
      } catch {
        // Already closed.
      }
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }
}
