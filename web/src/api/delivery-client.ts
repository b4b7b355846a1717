import { type AdminApi, unwrap } from './admin-api.ts';
import type {
  Application,
  ApplicationWithSecret,
  Attempt,
  CreateEndpointInput,
  Delivery,
  DeliveryRotateInput,
  Endpoint,
  EndpointPatch,
  EndpointWithSecret,
  Recovered,
  Requeued,
  SigningStyleInfo,
} from './delivery-types.ts';
import type { Page, QueryOf } from './types.ts';

/** Paging of a list (and, for applications, `rotationDue`). */
type PageQuery = QueryOf<'listApplications'>;

/** The path parameters of an endpoint of an application. */
const endpointOf = (id: string, endpointId: string) => ({ path: { id, endpointId } });

/** The outbound delivery API: applications, their endpoints, deliveries, attempts and replay. */
export class DeliveryClient {
  constructor(private readonly api: AdminApi) {}

  listApplications(q: PageQuery = {}): Promise<Page<Application>> {
    return unwrap(this.api.GET('/api/v1/applications', { params: { query: q } }));
  }

  getApplication(id: string): Promise<Application> {
    return unwrap(this.api.GET('/api/v1/applications/{id}', { params: { path: { id } } }));
  }

  createApplication(name: string): Promise<ApplicationWithSecret> {
    return unwrap(this.api.POST('/api/v1/applications', { body: { name } }));
  }

  renameApplication(id: string, name: string): Promise<Application> {
    return unwrap(this.api.PATCH('/api/v1/applications/{id}', { params: { path: { id } }, body: { name } }));
  }

  async deleteApplication(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/v1/applications/{id}', { params: { path: { id } } }));
  }

  rotateApplication(id: string, input: DeliveryRotateInput): Promise<ApplicationWithSecret> {
    return unwrap(
      this.api.POST('/api/v1/applications/{id}/rotate', { params: { path: { id } }, body: input }),
    );
  }

  listEndpoints(applicationId: string, q: PageQuery = {}): Promise<Page<Endpoint>> {
    const { rotationDue: _notHere, ...page } = q;
    return unwrap(
      this.api.GET('/api/v1/applications/{id}/endpoints', {
        params: { path: { id: applicationId }, query: page },
      }),
    );
  }

  getEndpoint(applicationId: string, endpointId: string): Promise<Endpoint> {
    return unwrap(
      this.api.GET('/api/v1/applications/{id}/endpoints/{endpointId}', {
        params: endpointOf(applicationId, endpointId),
      }),
    );
  }

  createEndpoint(applicationId: string, input: CreateEndpointInput): Promise<EndpointWithSecret> {
    return unwrap(
      this.api.POST('/api/v1/applications/{id}/endpoints', {
        params: { path: { id: applicationId } },
        body: input,
      }),
    );
  }

  updateEndpoint(
    applicationId: string,
    endpointId: string,
    patch: EndpointPatch,
  ): Promise<EndpointWithSecret> {
    return unwrap(
      this.api.PATCH('/api/v1/applications/{id}/endpoints/{endpointId}', {
        params: endpointOf(applicationId, endpointId),
        body: patch,
      }),
    );
  }

  async deleteEndpoint(applicationId: string, endpointId: string): Promise<void> {
    await unwrap(
      this.api.DELETE('/api/v1/applications/{id}/endpoints/{endpointId}', {
        params: endpointOf(applicationId, endpointId),
      }),
    );
  }

  rotateEndpoint(
    applicationId: string,
    endpointId: string,
    input: DeliveryRotateInput,
  ): Promise<EndpointWithSecret> {
    return unwrap(
      this.api.POST('/api/v1/applications/{id}/endpoints/{endpointId}/rotate', {
        params: endpointOf(applicationId, endpointId),
        body: input,
      }),
    );
  }

  deliveries(
    applicationId: string,
    endpointId: string,
    q: QueryOf<'listEndpointDeliveries'> = {},
  ): Promise<Page<Delivery>> {
    return unwrap(
      this.api.GET('/api/v1/applications/{id}/endpoints/{endpointId}/deliveries', {
        params: { ...endpointOf(applicationId, endpointId), query: q },
      }),
    );
  }

  attempts(
    applicationId: string,
    endpointId: string,
    q: QueryOf<'listEndpointAttempts'> = {},
  ): Promise<Page<Attempt>> {
    return unwrap(
      this.api.GET('/api/v1/applications/{id}/endpoints/{endpointId}/attempts', {
        params: { ...endpointOf(applicationId, endpointId), query: q },
      }),
    );
  }

  /** Queues every FAILED and DEAD_LETTER delivery created at or after `since` (ISO time) again. */
  replayFailed(applicationId: string, endpointId: string, since: string): Promise<Requeued> {
    return unwrap(
      this.api.POST('/api/v1/applications/{id}/endpoints/{endpointId}/replay-failed', {
        params: endpointOf(applicationId, endpointId),
        body: { since },
      }),
    );
  }

  /** Re-enables a dead-lettered endpoint and queues its DEAD_LETTER deliveries again. */
  recover(applicationId: string, endpointId: string): Promise<Recovered> {
    return unwrap(
      this.api.POST('/api/v1/applications/{id}/endpoints/{endpointId}/recover', {
        params: endpointOf(applicationId, endpointId),
        body: {},
      }),
    );
  }

  /** The outbound signing styles, in the gateway's order, with the field each takes. */
  async listSigningStyles(): Promise<readonly SigningStyleInfo[]> {
    return (await unwrap(this.api.GET('/api/v1/signing-styles'))).items;
  }

  /** Replays one (message, endpoint) delivery, whatever its state. */
  replay(messageId: string, endpointId: string): Promise<Delivery> {
    return unwrap(
      this.api.POST('/api/v1/messages/{id}/endpoints/{endpointId}/replay', {
        params: { path: { id: messageId, endpointId } },
      }),
    );
  }
}
