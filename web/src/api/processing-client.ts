import type { QueryParams, Requester } from './client.ts';
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

const connection = (id: string) => `/connections/${encodeURIComponent(id)}`;

/** `/api/v1/connections/{id}/processing`, `/capture` and `/schema`. */
export class ProcessingClient {
  constructor(private readonly request: Requester) {}

  getSettings(connectionId: string): Promise<ProcessingSettings> {
    return this.request('GET', `${connection(connectionId)}/processing`);
  }

  saveSettings(connectionId: string, input: ProcessingInput): Promise<ProcessingSettings> {
    return this.request('PUT', `${connection(connectionId)}/processing`, input);
  }

  /** Arms "capture next sample": the next accepted request becomes the sample. */
  startCapture(connectionId: string): Promise<CaptureState> {
    return this.request('POST', `${connection(connectionId)}/capture`);
  }

  cancelCapture(connectionId: string): Promise<CaptureState> {
    return this.request('DELETE', `${connection(connectionId)}/capture`);
  }

  getSchema(connectionId: string): Promise<ConnectionSchema> {
    return this.request('GET', `${connection(connectionId)}/schema`);
  }
}

/** `/api/v1/flows` and their runs. */
export class FlowClient {
  constructor(private readonly request: Requester) {}

  list(params: QueryOf<'listFlows'> = {}): Promise<Page<Flow>> {
    return this.request('GET', '/flows', undefined, params);
  }

  get(id: string): Promise<Flow> {
    return this.request('GET', `/flows/${encodeURIComponent(id)}`);
  }

  create(input: FlowInput): Promise<Flow> {
    return this.request('POST', '/flows', input);
  }

  /** Absent fields stay; `null` clears filter or transform. */
  update(id: string, patch: FlowPatch): Promise<Flow> {
    return this.request('PATCH', `/flows/${encodeURIComponent(id)}`, patch);
  }

  remove(id: string): Promise<void> {
    return this.request('DELETE', `/flows/${encodeURIComponent(id)}`);
  }

  /** Newest first, optionally only `succeeded`, `failed` or `filtered`. */
  runs(id: string, params: QueryOf<'listFlowRuns'> = {}): Promise<Page<FlowRun>> {
    return this.request('GET', `/flows/${encodeURIComponent(id)}/runs`, undefined, params);
  }
}

/** `/api/v1/contacts`: list with exact identifier filters, create, delete, bulk import. */
export class ContactClient {
  constructor(private readonly request: Requester) {}

  list(q: ContactQuery = {}): Promise<Page<Contact>> {
    const params: QueryParams = { defaultCountry: q.defaultCountry, cursor: q.cursor, limit: q.limit };
    if (q.field && q.value) params[q.field] = q.value;
    return this.request('GET', '/contacts', undefined, params);
  }

  create(input: CreateContactInput): Promise<Contact> {
    return this.request('POST', '/contacts', input);
  }

  remove(id: string): Promise<void> {
    return this.request('DELETE', `/contacts/${encodeURIComponent(id)}`);
  }

  /** Up to 5000 rows in one transaction; each row is created, merged or fails alone. */
  import(contacts: readonly ContactInput[], defaultCountry?: string): Promise<ImportResult> {
    return this.request('POST', '/contacts/import', {
      contacts,
      ...(defaultCountry ? { defaultCountry } : {}),
    });
  }
}
