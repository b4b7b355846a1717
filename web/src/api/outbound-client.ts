import type { Requester } from './client.ts';
import type {
  Application,
  ApplicationWithSecret,
  Attempt,
  CreateEndpointInput,
  Delivery,
  Endpoint,
  EndpointPatch,
  EndpointWithSecret,
  OutboundRotateInput,
  Recovered,
  Requeued,
  SigningStyleInfo,
} from './outbound-types.ts';
import type { Page, QueryOf } from './types.ts';

/** Paging of a list. */
type PageQuery = QueryOf<'listApplications'>;

/** The outbound delivery API: applications, their endpoints, deliveries, attempts and replay. */
export class OutboundClient {
  constructor(private readonly request: Requester) {}

  listApplications(q: PageQuery = {}): Promise<Page<Application>> {
    return this.request('GET', '/applications', undefined, q);
  }

  getApplication(id: string): Promise<Application> {
    return this.request('GET', `/applications/${encodeURIComponent(id)}`);
  }

  createApplication(name: string): Promise<ApplicationWithSecret> {
    return this.request('POST', '/applications', { name });
  }

  renameApplication(id: string, name: string): Promise<Application> {
    return this.request('PATCH', `/applications/${encodeURIComponent(id)}`, { name });
  }

  deleteApplication(id: string): Promise<void> {
    return this.request('DELETE', `/applications/${encodeURIComponent(id)}`);
  }

  rotateApplication(id: string, input: OutboundRotateInput): Promise<ApplicationWithSecret> {
    return this.request('POST', `/applications/${encodeURIComponent(id)}/rotate`, input);
  }

  private endpointPath(applicationId: string, endpointId?: string): string {
    const base = `/applications/${encodeURIComponent(applicationId)}/endpoints`;
    return endpointId === undefined ? base : `${base}/${encodeURIComponent(endpointId)}`;
  }

  listEndpoints(applicationId: string, q: PageQuery = {}): Promise<Page<Endpoint>> {
    return this.request('GET', this.endpointPath(applicationId), undefined, q);
  }

  getEndpoint(applicationId: string, endpointId: string): Promise<Endpoint> {
    return this.request('GET', this.endpointPath(applicationId, endpointId));
  }

  createEndpoint(applicationId: string, input: CreateEndpointInput): Promise<EndpointWithSecret> {
    return this.request('POST', this.endpointPath(applicationId), input);
  }

  updateEndpoint(
    applicationId: string,
    endpointId: string,
    patch: EndpointPatch,
  ): Promise<EndpointWithSecret> {
    return this.request('PATCH', this.endpointPath(applicationId, endpointId), patch);
  }

  deleteEndpoint(applicationId: string, endpointId: string): Promise<void> {
    return this.request('DELETE', this.endpointPath(applicationId, endpointId));
  }

  rotateEndpoint(
    applicationId: string,
    endpointId: string,
    input: OutboundRotateInput,
  ): Promise<EndpointWithSecret> {
    return this.request('POST', `${this.endpointPath(applicationId, endpointId)}/rotate`, input);
  }

  deliveries(
    applicationId: string,
    endpointId: string,
    q: QueryOf<'listEndpointDeliveries'> = {},
  ): Promise<Page<Delivery>> {
    return this.request('GET', `${this.endpointPath(applicationId, endpointId)}/deliveries`, undefined, q);
  }

  attempts(
    applicationId: string,
    endpointId: string,
    q: QueryOf<'listEndpointAttempts'> = {},
  ): Promise<Page<Attempt>> {
    return this.request('GET', `${this.endpointPath(applicationId, endpointId)}/attempts`, undefined, q);
  }

  /** Queues every FAILED and DEAD_LETTER delivery created at or after `since` (ISO time) again. */
  replayFailed(applicationId: string, endpointId: string, since: string): Promise<Requeued> {
    return this.request('POST', `${this.endpointPath(applicationId, endpointId)}/replay-failed`, { since });
  }

  /** Re-enables a dead-lettered endpoint and queues its DEAD_LETTER deliveries again. */
  recover(applicationId: string, endpointId: string): Promise<Recovered> {
    return this.request('POST', `${this.endpointPath(applicationId, endpointId)}/recover`, {});
  }

  /** The outbound signing styles, in the gateway's order, with the field each takes. */
  async listSigningStyles(): Promise<readonly SigningStyleInfo[]> {
    const page = await this.request<Page<SigningStyleInfo>>('GET', '/signing-styles');
    return page.items;
  }

  /** Replays one (message, endpoint) delivery, whatever its state. */
  replay(messageId: string, endpointId: string): Promise<Delivery> {
    return this.request(
      'POST',
      `/messages/${encodeURIComponent(messageId)}/endpoints/${encodeURIComponent(endpointId)}/replay`,
    );
  }
}
