/**
 * The admin API's wire shapes for its clients (the dashboard and the CLI), named. Every type here is
 * taken from the types `npm run gen:api` generates from /api/v1/openapi.json, i.e. from the routes' zod
 * schemas: a changed server shape changes these, and a client that no longer fits fails to compile.
 */
import type { components, operations } from './generated/openapi.ts';

/** Every named schema of the document (`components.schemas`). */
export type Schemas = components['schemas'];
/** The operationId of every admin API operation. */
export type OperationId = keyof operations;

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Responses<Op extends OperationId> = operations[Op]['responses'];
type SuccessStatus<Op extends OperationId> = Extract<keyof Responses<Op>, 200 | 201 | 202>;

/** The JSON an operation answers with on success (or with `Status`). */
export type ResponseOf<
  Op extends OperationId,
  Status extends keyof Responses<Op> = SuccessStatus<Op>,
> = JsonContent<Responses<Op>[Status]>;
/** The JSON body an operation takes. */
export type BodyOf<Op extends OperationId> = JsonContent<NonNullable<operations[Op]['requestBody']>>;
/** The query parameters an operation takes. */
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

/** The list shape every list operation answers: a page of items and the cursor of the next page. */
export type Page<T> = Omit<ResponseOf<'listConnections'>, 'items'> & { readonly items: readonly T[] };
/** The body of every error answer: a code from docs/errors.md and a message. */
export type ErrorBody = Schemas['Error'];

// Inbound: connections, history, events, providers.
export type Connection = Schemas['Connection'];
export type ConnectionAuth = Connection['auth'];
/** Create and rotate answers: `secret` only when hookgate generated it. */
export type ConnectionWithSecret = ResponseOf<'createConnection'>;
export type CreateConnectionInput = BodyOf<'createConnection'>;
export type ConnectionPatch = BodyOf<'updateConnection'>;
export type RotateInput = BodyOf<'rotateConnectionSecret'>;
export type HistoryRow = Schemas['HistoryRow'];
export type HistoryQuery = QueryOf<'listHistory'>;
export type StoredEvent = Schemas['Event'];
// Forwarding: a connection's forward settings, its per-event status and attempts.
export type Forward = NonNullable<Connection['forward']>;
export type ForwardInput = NonNullable<NonNullable<BodyOf<'updateConnection'>['forward']>>;
/** PATCH answer: the connection, with `forwardSecret` only when forwarding was just turned on (shown once). */
export type ConnectionWithForwardSecret = ResponseOf<'updateConnection'>;
export type ForwardSummary = NonNullable<HistoryRow['forward']>;
/**
 * The data of the live tail's `event: forward` message (GET /api/v1/history/stream): the new state of an
 * event's forward. Server-Sent Events bodies are not described by the OpenAPI document; this is built from
 * the row's own fields.
 */
export type ForwardChange = Pick<HistoryRow, 'connectionId'> & {
  readonly eventId: string;
  readonly forward: ForwardSummary;
};
export type ForwardAttempt = ResponseOf<'listForwardAttempts'>['items'][number];
export type Provider = Schemas['Provider'];
/** A ready-made connection for a known sender (`GET /api/v1/templates`). */
export type SenderTemplate = Schemas['SenderTemplate'];
export type ProviderField = Provider['fields'][number];

// Outbound: applications, endpoints, messages, deliveries, attempts.
export type Application = Schemas['Application'];
export type ApplicationWithSecret = ResponseOf<'createApplication'>;
export type Endpoint = Schemas['Endpoint'];
export type EndpointSigning = Endpoint['signing'];
export type EndpointWithSecret = ResponseOf<'createEndpoint'>;
export type CreateEndpointInput = BodyOf<'createEndpoint'>;
export type EndpointPatch = BodyOf<'updateEndpoint'>;
export type SigningInput = NonNullable<CreateEndpointInput['signing']>;
export type SigningStyle = SigningInput['style'];
/** A style as `GET /api/v1/signing-styles` lists it: label, scopes, the one field it takes. */
export type SigningStyleInfo = Schemas['SigningStyleInfo'];
export type DeliveryRotateInput = BodyOf<'rotateApplicationSecret'>;
export type Message = Schemas['Message'];
export type PublishInput = BodyOf<'publishMessage'>;
export type PublishResult = ResponseOf<'publishMessage'>;
export type Delivery = Schemas['Delivery'];
export type DeliveryState = Delivery['state'];
export type Attempt = Schemas['Attempt'];
export type AttemptStatus = Attempt['status'];
export type Requeued = ResponseOf<'replayFailedDeliveries'>;
export type Recovered = ResponseOf<'recoverEndpoint'>;

// Processing: identifier mapping, schema capture, contacts, flows.
export type ProcessingSettings = Schemas['ConnectionProcessing'];
export type ProcessingInput = BodyOf<'putConnectionProcessing'>;
export type IdentifierMapping = NonNullable<ProcessingSettings['identifier']>;
export type IdentifierType = IdentifierMapping['type'];
export type UnknownContactPolicy = ProcessingSettings['onUnknownContact'];
export type CaptureState = ResponseOf<'startSchemaCapture'>;
export type ConnectionSchema = Schemas['ConnectionSchema'];
export type Contact = Schemas['Contact'];
export type ContactInput = BodyOf<'importContacts'>['contacts'][number];
export type CreateContactInput = BodyOf<'createContact'>;
export type ContactListQuery = QueryOf<'listContacts'>;
export type ImportResult = ResponseOf<'importContacts'>;
export type ImportRowResult = ImportResult['results'][number];
export type Flow = Schemas['Flow'];
export type FlowFilter = Schemas['FlowFilter'];
export type FilterCondition = FlowFilter['conditions'][number];
export type FilterOperator = FilterCondition['op'];
export type FlowTrigger = Flow['trigger'];
export type FlowAction = Flow['actions'][number];
export type FlowInput = BodyOf<'createFlow'>;
export type FlowPatch = BodyOf<'updateFlow'>;
export type FlowRun = Schemas['FlowRun'];
export type FlowRunStatus = FlowRun['status'];

/**
 * `values` when it lists every member of the union `T` and nothing else (a compile error otherwise): for
 * the option lists a client shows, so a value added to or removed from the API cannot be missed.
 */
export function everyValue<T extends string>() {
  return <const Values extends readonly T[]>(
    values: Values & ([T] extends [Values[number]] ? unknown : { missing: Exclude<T, Values[number]> }),
  ): Values => values;
}

// Stats: requests and deliveries over time, connections by refused requests.
export type InboundStats = Schemas['InboundStats'];
export type InboundStatsQuery = QueryOf<'getInboundStats'>;
export type DeliveryStats = Schemas['DeliveryStats'];
export type ConnectionStats = Schemas['ConnectionStats'];
export type StatsBucket = InboundStats['bucket'];
