import { ApiError, errorFromResponse } from './errors.ts';
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

  listHistory(q: HistoryQuery = {}): Promise<Page<HistoryRow>> {
    const { connectionId, outcome, cursor, limit } = q;
    return this.request('GET', `/history${query({ connectionId, outcome, cursor, limit })}`);
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
