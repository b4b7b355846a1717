import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';

/**
 * The parts of /api/v1/openapi.json that are not generated from the routes: title, servers, the security
 * scheme and one tag per area. Every admin route names its area in `schema.tags` (one of these), and
 * carries a unique camelCase `schema.operationId` and a `schema.summary`; a test checks all three.
 */
export const OPENAPI_TAGS = [
  {
    name: 'connections',
    description: 'Inbound connections: where partners send webhooks, and how they sign',
  },
  { name: 'history', description: 'Every inbound request with its outcome, newest first, and the live tail' },
  { name: 'events', description: 'Accepted events with their exact bytes' },
  { name: 'providers', description: 'The auth modes (providers) and the fields each needs' },
  { name: 'processing', description: "A connection's processing settings and payload schema capture" },
  { name: 'contacts', description: 'Contacts that events are matched to' },
  { name: 'flows', description: 'Flows run on accepted events, and their runs' },
  { name: 'applications', description: 'Outbound senders, each with its signing secret' },
  { name: 'endpoints', description: "An application's delivery endpoints, their deliveries and recovery" },
  { name: 'messages', description: 'Outbound messages and their delivery attempts' },
  { name: 'forwarding', description: 'Forwarding accepted events to your backend: attempts and redelivery' },
  { name: 'stats', description: 'Inbound outcomes and outbound attempts over time, per connection' },
  { name: 'maintenance', description: 'Cluster-wide maintenance steps, e.g. re-sealing secrets' },
  { name: 'system', description: 'The API description itself' },
] as const;

/** The document's fixed head, passed to @fastify/swagger. */
export const OPENAPI_BASE: Partial<OpenAPIV3_1.Document> = {
  openapi: '3.1.0',
  info: {
    title: 'hookgate admin API',
    version: '1',
    license: { name: 'MIT', identifier: 'MIT' },
    description:
      'Manage inbound connections, read the request history, publish outbound messages. Every admin route ' +
      'needs the admin token as a bearer token. Errors answer `{ error, message }` with a code from docs/errors.md.',
  },
  // Relative: the gateway that serves this document (HOOKGATE_URL for the CLI).
  servers: [{ url: '/', description: 'The gateway serving this document' }],
  tags: OPENAPI_TAGS.map((tag) => ({ ...tag })),
  components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
  security: [{ adminToken: [] }],
};

/** The schema of `GET /api/v1/openapi.json`: public, so clients can be generated without a token. */
export const OPENAPI_DOCUMENT_ROUTE = {
  operationId: 'getOpenApiDocument',
  summary: 'This OpenAPI 3.1 document',
  tags: ['system'],
  security: [],
};

type TransformObject = typeof jsonSchemaTransformObject;

/**
 * Builds `components.schemas` from the zod registry, then drops the schemas no operation reaches: every
 * registered schema is emitted twice (as read and as written), and a response-only shape's input twin
 * (`ConnectionInput`, …) would otherwise show up in the document and in generated clients as noise.
 */
export const transformOpenApiObject: TransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as {
    paths?: unknown;
    components?: { schemas?: Record<string, unknown> };
  };
  const schemas = document.components?.schemas;
  if (!schemas) return document as ReturnType<TransformObject>;
  const reached = new Set<string>();
  const visit = (value: unknown): void => {
    for (const match of (JSON.stringify(value) ?? '').matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const name = match[1] as string;
      if (reached.has(name)) continue;
      reached.add(name);
      visit(schemas[name]);
    }
  };
  visit(document.paths);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  return {
    ...document,
    components: { ...document.components, schemas: kept },
  } as ReturnType<TransformObject>;
};
