import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../../src/api/generated/openapi.ts';
import { ApiError, errorFromBody, errorFromResponse } from './errors.ts';
import { ForwardClient } from './forward-client.ts';
import { readHistoryStream } from './history-stream.ts';
import { OutboundClient } from './outbound-client.ts';
import { ContactClient, FlowClient, ProcessingClient } from './processing-client.ts';
import type {
  Connection,
  ConnectionPatch,
  ConnectionStats,
  ConnectionWithSecret,
  CreateConnectionInput,
  DeliveryStats,
  HistoryQuery,
  HistoryRow,
  InboundStats,
  InboundStatsQuery,
  Page,
  Provider,
  RotateInput,
  SenderTemplate,
  StoredEvent,
} from './types.ts';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Query parameters; undefined and empty values are left out. */
export type QueryParams = Record<string, string | number | undefined>;

/** One admin API call: the sub-clients below go through it and never call fetch themselves. */
export type Requester = <T>(method: string, path: string, body?: unknown, params?: QueryParams) => Promise<T>;

/** Builds `?a=1&b=2` from the defined, non-empty params; '' when there are none. */
function query(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface ClientOptions {
  readonly token: string;
  /** Origin of the gateway; empty = the page's own origin. */
  readonly baseUrl?: string;
  /** Injected for tests; defaults to the global fetch, looked up at call time. */
  readonly fetch?: FetchLike;
}

/**
 * The admin API typed by the OpenAPI document (`npm run gen:api`): paths, parameters, bodies and answers
 * come from the server's zod schemas, so a call that no longer fits the server does not compile.
 */
export type AdminApi = Client<paths>;

/** What an openapi-fetch call answered. */
interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The data of a successful answer; the API's `{ error, message }` thrown as an ApiError otherwise. */
async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorFromBody(response, error);
  return data as T;
}

/** The answer of an inbound test request, shown as the partner would see it. */
export interface TestResponse {
  readonly status: number;
  readonly body: string;
}

/** The typed admin API client: the one place in the dashboard that talks to the network. */
export class ApiClient {
  private readonly token: string;
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  /** Identifier mapping, schema capture and the sample of a connection. */
  readonly processing: ProcessingClient;
  readonly flows: FlowClient;
  readonly contacts: ContactClient;
  /** Applications, endpoints, deliveries, attempts and replay. */
  readonly outbound: OutboundClient;
  /** Forwarding of accepted events: settings, secret, attempts, redelivery. */
  readonly forwarding: ForwardClient;
  /** The typed client the calls below migrate to (issue 13: no hand-written path or shape in web/). */
  private readonly api: AdminApi;

  constructor(options: ClientOptions) {
    this.token = options.token;
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const request: Requester = (method, path, body, params) => this.request(method, path, body, params);
    this.processing = new ProcessingClient(request);
    this.flows = new FlowClient(request);
    this.contacts = new ContactClient(request);
    this.outbound = new OutboundClient(request);
    this.forwarding = new ForwardClient(request);
    this.api = createClient<paths>({
      // openapi-fetch builds a Request, which needs an absolute URL.
      baseUrl: this.baseUrl || globalThis.location.origin,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
      fetch: async (request: Request) => {
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        return this.fetchImpl(request.url, {
          method: request.method,
          headers: request.headers,
          cache: 'no-store',
          signal: request.signal,
          ...(hasBody && { body: await request.text() }),
        });
      },
    });
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    params: QueryParams = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    const init: RequestInit = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await this.fetchImpl(`${this.baseUrl}/api/v1${path}${query(params)}`, init);
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** `rotationDue`: only connections whose secret is due for rotation. */
  listConnections(
    page: { cursor?: string; limit?: number; rotationDue?: boolean } = {},
  ): Promise<Page<Connection>> {
    const rotationDue = page.rotationDue ? 'true' : undefined;
    return this.request(
      'GET',
      `/connections${query({ cursor: page.cursor, limit: page.limit, rotationDue })}`,
    );
  }

  getConnection(id: string): Promise<Connection> {
    return this.request('GET', `/connections/${encodeURIComponent(id)}`);
  }

  createConnection(input: CreateConnectionInput): Promise<ConnectionWithSecret> {
    return this.request('POST', '/connections', input);
  }

  updateConnection(id: string, patch: ConnectionPatch): Promise<Connection> {
    return this.request('PATCH', `/connections/${encodeURIComponent(id)}`, patch);
  }

  deleteConnection(id: string): Promise<void> {
    return this.request('DELETE', `/connections/${encodeURIComponent(id)}`);
  }

  rotateSecret(id: string, input: RotateInput): Promise<ConnectionWithSecret> {
    return this.request('POST', `/connections/${encodeURIComponent(id)}/rotate`, input);
  }

  /** History rows newest first: by connection, outcome, time window (`since` ≤ t < `until`) and text `q`. */
  listHistory(q: HistoryQuery = {}): Promise<Page<HistoryRow>> {
    // Empty values mean "no filter": left out rather than sent as `?q=`.
    const given = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));
    return unwrap(this.api.GET('/api/v1/history', { params: { query: given as HistoryQuery } }));
  }

  /** One history row (a shared link to a request may name a row that is on no loaded page). */
  getHistoryRow(id: string): Promise<HistoryRow> {
    return unwrap(this.api.GET('/api/v1/history/{id}', { params: { path: { id } } }));
  }

  /** An accepted event with its exact body (base64); refused requests have none. */
  getEvent(id: string): Promise<StoredEvent> {
    return unwrap(this.api.GET('/api/v1/events/{id}', { params: { path: { id } } }));
  }

  /** Ready-made connections for known senders (Xoxo, We-Link, Flintn, Make, Zapier, n8n, Pipedream). */
  async listTemplates(): Promise<readonly SenderTemplate[]> {
    return (await unwrap(this.api.GET('/api/v1/templates'))).items;
  }

  /** Inbound requests per outcome per bucket, for all connections or one. */
  getInboundStats(q: InboundStatsQuery = {}): Promise<InboundStats> {
    const { since, until, bucket, connectionId } = q;
    return this.request('GET', '/stats', undefined, { since, until, bucket, connectionId });
  }

  /** Delivery attempts per status and latency percentiles per bucket; null when this gateway has no outbound. */
  async getDeliveryStats(q: Omit<InboundStatsQuery, 'connectionId'> = {}): Promise<DeliveryStats | null> {
    const { since, until, bucket } = q;
    try {
      return await this.request<DeliveryStats>('GET', '/stats/deliveries', undefined, {
        since,
        until,
        bucket,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** Connections by requests over a window, most refused first. */
  getConnectionStats(q: { since?: string; until?: string; limit?: number } = {}): Promise<ConnectionStats> {
    const { since, until, limit } = q;
    return this.request('GET', '/stats/connections', undefined, { since, until, limit });
  }

  /** Provider modes beyond the seeds; null when this gateway has no provider catalogue. */
  async listProviders(): Promise<readonly Provider[] | null> {
    try {
      const page = await this.request<Page<Provider>>('GET', '/providers');
      return page.items;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Reads the live history stream until `signal` aborts or the server ends it. With `lastEventId` (the id
   * `onRow` got last) the gateway first sends the rows committed after that one.
   */
  async streamHistory(
    connectionId: string | undefined,
    signal: AbortSignal,
    onRow: (row: HistoryRow, id: string | undefined) => void,
    onOpen?: () => void,
    lastEventId?: string,
  ): Promise<void> {
    const response = await this.fetchImpl(`${this.baseUrl}/api/v1/history/stream${query({ connectionId })}`, {
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'text/event-stream',
        ...(lastEventId !== undefined && { 'last-event-id': lastEventId }),
      },
      cache: 'no-store',
      signal,
    });
    if (!response.ok) throw await errorFromResponse(response);
    onOpen?.();
    await readHistoryStream(response, onRow);
  }

  /**
   * Sends a test request to a connection's inbound endpoint as a partner would (no admin token).
   * Goes to the same path on this origin, so the browser needs no CORS from the public URL.
   */
  async sendTestRequest(
    inboundUrl: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<TestResponse> {
    const path = new URL(inboundUrl, globalThis.location?.href ?? 'http://localhost/').pathname;
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, { method: 'POST', headers, body });
    return { status: response.status, body: await response.text() };
  }
}
