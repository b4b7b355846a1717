import type { Application, Attempt, Delivery, Endpoint } from '../src/api/delivery-types.ts';
import { type FakeApi, json } from './fake-api.ts';
import { makeApplication, makeEndpoint, mask, outboundSecret } from './fake-outbound-data.ts';
import signingStyles from './signing-styles.json' with { type: 'json' };

export {
  makeApplication,
  makeAttempt,
  makeDelivery,
  makeEndpoint,
  outboundSecret,
} from './fake-outbound-data.ts';

/** The outbound side of the fake gateway; its routes exist only once `outboundOf(api)` was called. */
export interface OutboundState {
  applications: Application[];
  endpoints: Endpoint[];
  deliveries: Delivery[];
  attempts: Attempt[];
}

const states = new WeakMap<FakeApi, OutboundState>();

/** Installs the outbound routes on a fake gateway and returns their state. */
export function outboundOf(api: FakeApi): OutboundState {
  const existing = states.get(api);
  if (existing) return existing;
  const state: OutboundState = { applications: [], endpoints: [], deliveries: [], attempts: [] };
  states.set(api, state);
  const app = (id: string | undefined) => state.applications.find((a) => a.id === id);
  const endpoint = (id: string | undefined) => state.endpoints.find((e) => e.id === id);
  const saveEndpoint = (next: Endpoint) => {
    state.endpoints = state.endpoints.map((e) => (e.id === next.id ? next : e));
    return next;
  };
  const base = '^/api/v1/applications/([^/]+)/endpoints/([^/]+)';
  api
    // The gateway's own list, kept equal to the route's answer by test/delivery/signing-registry.test.ts.
    .route('GET', /^\/api\/v1\/signing-styles$/, () => json(200, { items: signingStyles, nextCursor: null }))
    .route('GET', /^\/api\/v1\/applications$/, ({ url }) => {
      const due = url.searchParams.get('rotationDue') === 'true';
      const now = new Date().toISOString();
      const items = state.applications.filter(
        (a) => !due || (a.rotationDueAt !== null && a.rotationDueAt <= now),
      );
      return json(200, { items, nextCursor: null });
    })
    .route('POST', /^\/api\/v1\/applications$/, ({ body }) => {
      const secret = outboundSecret('app');
      const application = makeApplication({
        name: (body as { name: string }).name,
        secretPreview: mask(secret),
      });
      state.applications.unshift(application);
      return json(201, { application, secret });
    })
    .route('GET', /^\/api\/v1\/applications\/([^/]+)$/, (_c, [id]) => {
      const found = app(id);
      return found
        ? json(200, found)
        : json(404, { error: 'NOT_FOUND', message: `NOT_FOUND: No application ${id}` });
    })
    .route('POST', /^\/api\/v1\/applications\/([^/]+)\/rotate$/, (_c, [id]) => {
      const secret = outboundSecret('rot');
      const application = { ...(app(id) as Application), secretPreview: mask(secret) };
      state.applications = state.applications.map((a) => (a.id === id ? application : a));
      return json(200, { application, secret });
    })
    .route('GET', /^\/api\/v1\/applications\/([^/]+)\/endpoints$/, (_c, [id]) =>
      json(200, { items: state.endpoints.filter((e) => e.applicationId === id), nextCursor: null }),
    )
    .route('POST', /^\/api\/v1\/applications\/([^/]+)\/endpoints$/, ({ body }, [id = '']) => {
      const input = body as Partial<Endpoint> & { signing?: { style: string } };
      const own = input.signing?.style === 'bearer';
      const secret = outboundSecret('tok');
      const signing = {
        secretScope: own ? 'endpoint' : 'application',
        ...(input.signing ?? { style: 'hookgate' }),
      };
      const created = makeEndpoint({
        ...input,
        applicationId: id,
        signing,
        secretPreview: own ? mask(secret) : null,
      });
      state.endpoints.unshift(created);
      return json(201, own ? { endpoint: created, secret } : { endpoint: created });
    })
    .route('GET', new RegExp(`${base}$`), (_c, [, id]) => {
      const found = endpoint(id);
      return found
        ? json(200, found)
        : json(404, { error: 'NOT_FOUND', message: `NOT_FOUND: No endpoint ${id}` });
    })
    .route('PATCH', new RegExp(`${base}$`), ({ body }, [, id]) =>
      json(200, {
        endpoint: saveEndpoint({ ...(endpoint(id) as Endpoint), ...(body as Partial<Endpoint>) }),
      }),
    )
    .route('POST', new RegExp(`${base}/rotate$`), (_c, [, id]) => {
      const secret = outboundSecret('new');
      return json(200, {
        endpoint: saveEndpoint({ ...(endpoint(id) as Endpoint), secretPreview: mask(secret) }),
        secret,
      });
    })
    .route('POST', new RegExp(`${base}/recover$`), (_c, [, id]) => {
      const recovered = saveEndpoint({ ...(endpoint(id) as Endpoint), enabled: true, disabledReason: null });
      return json(202, {
        requeued: state.deliveries.filter((d) => d.state === 'DEAD_LETTER').length,
        endpoint: recovered,
      });
    })
    .route('POST', new RegExp(`${base}/replay-failed$`), () =>
      json(202, {
        requeued: state.deliveries.filter((d) => d.state === 'FAILED' || d.state === 'DEAD_LETTER').length,
      }),
    )
    .route('GET', new RegExp(`${base}/deliveries$`), ({ url }, [, id]) => {
      const wanted = url.searchParams.get('state');
      const items = state.deliveries.filter((d) => d.endpointId === id && (!wanted || d.state === wanted));
      return json(200, { items, nextCursor: null });
    })
    .route('GET', new RegExp(`${base}/attempts$`), ({ url }, [, id]) => {
      const status = url.searchParams.get('status');
      const items = state.attempts.filter((a) => a.endpointId === id && (!status || a.status === status));
      return json(200, { items, nextCursor: null });
    })
    .route(
      'POST',
      /^\/api\/v1\/messages\/([^/]+)\/endpoints\/([^/]+)\/replay$/,
      (_c, [messageId, endpointId]) => {
        const found = state.deliveries.find((d) => d.messageId === messageId && d.endpointId === endpointId);
        if (!found) return json(404, { error: 'NOT_FOUND', message: 'NOT_FOUND: No delivery' });
        const queued = { ...found, state: 'PENDING' as const };
        state.deliveries = state.deliveries.map((d) => (d.id === found.id ? queued : d));
        return json(202, queued);
      },
    );
  return state;
}
