import { type AdminApi, unwrap } from './admin-api.ts';
import type { Flow, FlowInput, FlowPatch, FlowRun } from './flow-types.ts';
import type {
  CaptureState,
  ConnectionSchema,
  Contact,
  ContactInput,
  ContactQuery,
  CreateContactInput,
  ImportResult,
  ProcessingInput,
  ProcessingSettings,
} from './processing-types.ts';
import type { Page, QueryOf } from './types.ts';

/** The path parameter of a connection, flow or contact. */
const byId = (id: string) => ({ path: { id } });

/** `/api/v1/connections/{id}/processing`, `/capture` and `/schema`. */
export class ProcessingClient {
  constructor(private readonly api: AdminApi) {}

  getSettings(connectionId: string): Promise<ProcessingSettings> {
    return unwrap(this.api.GET('/api/v1/connections/{id}/processing', { params: byId(connectionId) }));
  }

  saveSettings(connectionId: string, input: ProcessingInput): Promise<ProcessingSettings> {
    return unwrap(
      this.api.PUT('/api/v1/connections/{id}/processing', { params: byId(connectionId), body: input }),
    );
  }

  /** Arms "capture next sample": the next accepted request becomes the sample. */
  startCapture(connectionId: string): Promise<CaptureState> {
    return unwrap(this.api.POST('/api/v1/connections/{id}/capture', { params: byId(connectionId) }));
  }

  cancelCapture(connectionId: string): Promise<CaptureState> {
    return unwrap(this.api.DELETE('/api/v1/connections/{id}/capture', { params: byId(connectionId) }));
  }

  getSchema(connectionId: string): Promise<ConnectionSchema> {
    return unwrap(this.api.GET('/api/v1/connections/{id}/schema', { params: byId(connectionId) }));
  }
}

/** `/api/v1/flows` and their runs. */
export class FlowClient {
  constructor(private readonly api: AdminApi) {}

  list(params: QueryOf<'listFlows'> = {}): Promise<Page<Flow>> {
    return unwrap(this.api.GET('/api/v1/flows', { params: { query: params } }));
  }

  get(id: string): Promise<Flow> {
    return unwrap(this.api.GET('/api/v1/flows/{id}', { params: byId(id) }));
  }

  create(input: FlowInput): Promise<Flow> {
    return unwrap(this.api.POST('/api/v1/flows', { body: input }));
  }

  /** Absent fields stay; `null` clears filter or transform. */
  update(id: string, patch: FlowPatch): Promise<Flow> {
    return unwrap(this.api.PATCH('/api/v1/flows/{id}', { params: byId(id), body: patch }));
  }

  async remove(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/v1/flows/{id}', { params: byId(id) }));
  }

  /** Newest first, optionally only `succeeded`, `failed` or `filtered`. */
  runs(id: string, params: QueryOf<'listFlowRuns'> = {}): Promise<Page<FlowRun>> {
    return unwrap(this.api.GET('/api/v1/flows/{id}/runs', { params: { ...byId(id), query: params } }));
  }
}

/** `/api/v1/contacts`: list with exact identifier filters, create, delete, bulk import. */
export class ContactClient {
  constructor(private readonly api: AdminApi) {}

  list(q: ContactQuery = {}): Promise<Page<Contact>> {
    const query: QueryOf<'listContacts'> = {
      ...(q.defaultCountry !== undefined && { defaultCountry: q.defaultCountry }),
      ...(q.cursor !== undefined && { cursor: q.cursor }),
      ...(q.limit !== undefined && { limit: q.limit }),
      ...(q.field && q.value && { [q.field]: q.value }),
    };
    return unwrap(this.api.GET('/api/v1/contacts', { params: { query } }));
  }

  create(input: CreateContactInput): Promise<Contact> {
    return unwrap(this.api.POST('/api/v1/contacts', { body: input }));
  }

  async remove(id: string): Promise<void> {
    await unwrap(this.api.DELETE('/api/v1/contacts/{id}', { params: byId(id) }));
  }

  /** Up to 5000 rows in one transaction; each row is created, merged or fails alone. */
  import(contacts: readonly ContactInput[], defaultCountry?: string): Promise<ImportResult> {
    return unwrap(
      this.api.POST('/api/v1/contacts/import', {
        body: { contacts: [...contacts], ...(defaultCountry ? { defaultCountry } : {}) },
      }),
    );
  }
}
