import { type AdminApi, createAdminApi, unwrap } from './admin-api.ts';
import { DeliveryClient } from './delivery-client.ts';
import { ApiError, errorFromBody } from './errors.ts';
import { ForwardClient } from './forward-client.ts';
import { readHistoryStream } from './history-stream.ts';
import { ContactClient, FlowClient, ProcessingClient } from './processing-client.ts';
import type {
  Connection,
  ConnectionPatch,
  ConnectionStats,
  ConnectionWithSecret,
  CreateConnectionInput,
  DeliveryStats,
  ForwardChange,
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

/** null for a 404: the gateway does not have that part of the API (an older or a trimmed build). */
async function orNullWhenAbsent<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * The dashboard's admin API client: the one place in the dashboard that talks to the network. Every call
 * goes through the typed client generated from the OpenAPI document (admin-api.ts).
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly api: AdminApi;
  /** Identifier mapping, schema capture and the sample of a connection. */
  readonly processing: ProcessingClient;
  readonly flows: FlowClient;
  readonly contacts: ContactClient;
  /** Applications, endpoints, deliveries, attempts and replay. */
  readonly delivery: DeliveryClient;
  /** Forwarding of accepted events: settings, secret, attempts, redelivery. */
  readonly forwarding: ForwardClient;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.api = createAdminApi(options.token, this.baseUrl, this.fetchImpl);
    this.processing = new ProcessingClient(this.api);
    this.flows = new FlowClient(this.api);
    this.contacts = new ContactClient(this.api);
    this.delivery = new DeliveryClient(this.api);
    this.forwarding = new ForwardClient(this.api);
  }

  /** `rotationDue`: only connections whose secret is due for rotation. */
  listConnections(
    page: { cursor?: string; limit?: number; rotationDue?: boolean } = {},
  ): Promise<Page<Connection>> {
    const { rotationDue, ...paging } = page;
    const query = { ...paging, ...(rotationDue && { rotationDue: 'true' as const }) };
    return unwrap(this.api.GET('/api/v1/connections', { params: { query } }));
  }

  getConnection(id: string): Promise<Connection> {
    return unwrap(this.api.GET('/api/v1/connections/{id}', { params: { path: { id } } }));
  }

  createConnection(input: CreateConnectionInput): Promise<ConnectionWithSecret> {
    return unwrap(this.api.POST('/api/v1/connections', { body: input }));
  }

  updateConnection(id: string, patch: ConnectionPatch): Promise<Connection> {
    return unwrap(this.api.PATCH('/api/v1/connections/{id}', { params: { path: { id } }, body: patch }));
  }

  async deleteConnection(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/v1/connections/{id}', { params: { path: { id } } }));
  }

  rotateSecret(id: string, input: RotateInput): Promise<ConnectionWithSecret> {
    return unwrap(
      this.api.POST('/api/v1/connections/{id}/rotate', { params: { path: { id } }, body: input }),
    );
  }

  /** History rows newest first: by connection, outcome, time window (`since` ≤ t < `until`) and text `q`. */
  listHistory(q: HistoryQuery = {}): Promise<Page<HistoryRow>> {
    return unwrap(this.api.GET('/api/v1/history', { params: { query: q } }));
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
    return unwrap(this.api.GET('/api/v1/stats', { params: { query: q } }));
  }

  /** Delivery attempts per status and latency percentiles per bucket; null when this gateway has no outbound. */
  getDeliveryStats(q: Omit<InboundStatsQuery, 'connectionId'> = {}): Promise<DeliveryStats | null> {
    return orNullWhenAbsent(unwrap(this.api.GET('/api/v1/stats/deliveries', { params: { query: q } })));
  }

  /** Connections by requests over a window, most refused first. */
  getConnectionStats(q: { since?: string; until?: string; limit?: number } = {}): Promise<ConnectionStats> {
    return unwrap(this.api.GET('/api/v1/stats/connections', { params: { query: q } }));
  }

  /** Provider modes beyond the seeds; null when this gateway has no provider catalogue. */
  async listProviders(): Promise<readonly Provider[] | null> {
    const page = await orNullWhenAbsent(unwrap(this.api.GET('/api/v1/providers')));
    return page === null ? null : page.items;
  }

  /**
   * Reads the live history stream until `signal` aborts or the server ends it. With `lastEventId` (the id
   * `onRow` got last) the gateway first sends the rows committed after that one; `onForward` hears each
   * forward whose state changed.
   */
  async streamHistory(
    connectionId: string | undefined,
    signal: AbortSignal,
    onRow: (row: HistoryRow, id: string | undefined) => void,
    onOpen?: () => void,
    lastEventId?: string,
    onForward?: (change: ForwardChange) => void,
  ): Promise<void> {
    const { response, error } = await this.api.GET('/api/v1/history/stream', {
      params: { query: connectionId === undefined ? {} : { connectionId } },
      headers: {
        accept: 'text/event-stream',
        ...(lastEventId !== undefined && { 'last-event-id': lastEventId }),
      },
      parseAs: 'stream',
      signal,
    });
    // openapi-fetch has read a failed answer's body already: `error` is its JSON.
    if (!response.ok) throw errorFromBody(response, error);
    onOpen?.();
    await readHistoryStream(response, onRow, onForward);
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
