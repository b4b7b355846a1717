import type { Flow, FlowRun } from '../src/api/flow-types.ts';
import type { ConnectionSchema, Contact, ProcessingSettings } from '../src/api/processing-types.ts';
import { type FakeApi, json } from './fake-api.ts';

/** The processing side of the fake gateway: settings and samples per connection, flows, runs, contacts. */
export interface ProcessingState {
  readonly settings: Map<string, ProcessingSettings>;
  readonly schemas: Map<string, ConnectionSchema>;
  flows: Flow[];
  runs: FlowRun[];
  contacts: Contact[];
}

const states = new WeakMap<FakeApi, ProcessingState>();
let counter = 0;
const notFound = (what: string) => json(404, { error: 'NOT_FOUND', message: `NOT_FOUND: No ${what}` });

export function makeFlow(overrides: Partial<Flow> = {}): Flow {
  counter += 1;
  return {
    id: `flw_${counter}`,
    name: `Flow ${counter}`,
    enabled: true,
    trigger: { type: 'webhook_received', connectionId: 'con_1' },
    filter: null,
    transform: null,
    actions: [{ type: 'deliver', endpointId: 'ep_1', eventType: null }],
    createdAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

export function makeRun(overrides: Partial<FlowRun> = {}): FlowRun {
  counter += 1;
  return {
    id: `run_${counter}`,
    flowId: 'flw_1',
    eventId: `evt_${counter}`,
    connectionId: 'con_1',
    status: 'succeeded',
    input: { type: 'order.paid' },
    output: { type: 'order.paid' },
    error: null,
    actions: [{ endpointId: 'ep_1', messageId: `msg_${counter}`, error: null }],
    startedAt: '2025-01-02T03:04:05.000Z',
    finishedAt: '2025-01-02T03:04:05.040Z',
    ...overrides,
  };
}

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  counter += 1;
  return {
    id: `ctc_${counter}`,
    name: null,
    chatId: null,
    phone: null,
    channelUserId: null,
    email: null,
    attributes: {},
    createdAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

function emptySchema(connectionId: string, capturing: boolean): ConnectionSchema {
  return { connectionId, capturing, eventId: null, capturedAt: null, sample: null, schema: null, paths: [] };
}

function defaultSettings(connectionId: string): ProcessingSettings {
  return { connectionId, identifier: null, onUnknownContact: 'skip', capturing: false, updatedAt: null };
}

/** The processing state of a fake gateway (created, with its routes, on first use). */
export function processingOf(api: FakeApi): ProcessingState {
  const existing = states.get(api);
  if (existing) return existing;
  const state: ProcessingState = {
    settings: new Map(),
    schemas: new Map(),
    flows: [],
    runs: [],
    contacts: [],
  };
  states.set(api, state);
  const settingsOf = (id: string) => state.settings.get(id) ?? defaultSettings(id);
  const setCapture = (id: string, capturing: boolean) => {
    state.settings.set(id, { ...settingsOf(id), capturing });
    state.schemas.set(id, { ...(state.schemas.get(id) ?? emptySchema(id, capturing)), capturing });
    return { connectionId: id, capturing, armedAt: capturing ? '2025-01-02T03:04:05.000Z' : null };
  };
  const connection = /^\/api\/v1\/connections\/([^/]+)/;
  api
    .route('GET', new RegExp(`${connection.source}/processing$`), (_c, [id = '']) =>
      json(200, settingsOf(id)),
    )
    .route('PUT', new RegExp(`${connection.source}/processing$`), ({ body }, [id = '']) => {
      const input = body as { identifier: { defaultCountry?: string } | null; onUnknownContact: 'skip' };
      const identifier = input.identifier ? { defaultCountry: null, ...input.identifier } : null;
      const saved = { ...settingsOf(id), ...input, identifier, updatedAt: '2025-01-03T00:00:00.000Z' };
      state.settings.set(id, saved as ProcessingSettings);
      return json(200, saved);
    })
    .route('POST', new RegExp(`${connection.source}/capture$`), (_c, [id = '']) =>
      json(202, setCapture(id, true)),
    )
    .route('DELETE', new RegExp(`${connection.source}/capture$`), (_c, [id = '']) =>
      json(200, setCapture(id, false)),
    )
    .route('GET', new RegExp(`${connection.source}/schema$`), (_c, [id = '']) =>
      json(200, state.schemas.get(id) ?? emptySchema(id, settingsOf(id).capturing)),
    );
  installFlowRoutes(api, state);
  installContactRoutes(api, state);
  return state;
}

function installFlowRoutes(api: FakeApi, state: ProcessingState): void {
  const find = (id: string | undefined) => state.flows.find((f) => f.id === id);
  api
    .route('GET', /^\/api\/v1\/flows$/, () => json(200, { items: state.flows, nextCursor: null }))
    .route('POST', /^\/api\/v1\/flows$/, ({ body }) => {
      const input = body as Flow;
      const flow = makeFlow({
        ...input,
        actions: input.actions.map((a) => ({ ...a, eventType: a.eventType ?? null })),
      });
      state.flows.unshift(flow);
      return json(201, flow);
    })
    .route('GET', /^\/api\/v1\/flows\/([^/]+)$/, (_c, [id]) => {
      const flow = find(id);
      return flow ? json(200, flow) : notFound(`flow ${id}`);
    })
    .route('PATCH', /^\/api\/v1\/flows\/([^/]+)$/, ({ body }, [id]) => {
      const flow = find(id);
      if (!flow) return notFound(`flow ${id}`);
      const next = { ...flow, ...(body as Partial<Flow>) };
      state.flows = state.flows.map((f) => (f.id === id ? next : f));
      return json(200, next);
    })
    .route('DELETE', /^\/api\/v1\/flows\/([^/]+)$/, (_c, [id]) => {
      state.flows = state.flows.filter((f) => f.id !== id);
      return json(204, null);
    })
    .route('GET', /^\/api\/v1\/flows\/([^/]+)\/runs$/, ({ url }, [id]) => {
      const status = url.searchParams.get('status');
      const items = state.runs.filter((r) => r.flowId === id && (!status || r.status === status));
      return json(200, { items, nextCursor: null });
    });
}

function installContactRoutes(api: FakeApi, state: ProcessingState): void {
  api
    .route('GET', /^\/api\/v1\/contacts$/, ({ url }) => {
      const email = url.searchParams.get('email')?.toLowerCase();
      const items = state.contacts.filter((c) => email === undefined || c.email === email);
      return json(200, { items, nextCursor: null });
    })
    .route('POST', /^\/api\/v1\/contacts$/, ({ body }) => {
      const { defaultCountry: _country, ...input } = body as Partial<Contact> & { defaultCountry?: string };
      const contact = makeContact(input);
      state.contacts.unshift(contact);
      return json(201, contact);
    })
    .route('DELETE', /^\/api\/v1\/contacts\/([^/]+)$/, (_c, [id]) => {
      state.contacts = state.contacts.filter((c) => c.id !== id);
      return json(204, null);
    })
    .route('POST', /^\/api\/v1\/contacts\/import$/, ({ body }) => {
      const rows = (body as { contacts: Partial<Contact>[] }).contacts;
      const results = rows.map((row, index) => {
        if (!row.email && !row.phone && !row.chatId && !row.channelUserId) {
          return {
            index,
            status: 'failed',
            id: null,
            message: 'VALIDATION_ERROR: a contact needs an identifier',
          };
        }
        const contact = makeContact(row);
        state.contacts.unshift(contact);
        return { index, status: 'created', id: contact.id, message: null };
      });
      const count = (status: string) => results.filter((r) => r.status === status).length;
      return json(200, { created: count('created'), updated: 0, failed: count('failed'), results });
    });
}
