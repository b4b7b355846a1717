import { z } from 'zod';
import { FILTER_OPERATORS, FLOW_RUN_STATUSES } from '../store/index.ts';
import { jsonPathSchema } from './processing-schemas.ts';
import { pageQuery } from './schemas.ts';

/** Zod schemas of the flows API. */

const conditionSchema = z.object({
  path: jsonPathSchema,
  op: z.enum(FILTER_OPERATORS),
  value: z.unknown().optional().describe('The operand; not used by exists / not_exists; an array for in'),
});

/** A flow filter: conditions on JSON paths, all or any of which must hold. */
export const filterSchema = z
  .object({
    match: z.enum(['all', 'any']).default('all'),
    conditions: z.array(conditionSchema).max(50),
  })
  .meta({ id: 'FlowFilter' });

const triggerSchema = z.object({
  type: z.literal('webhook_received'),
  connectionId: z.string().min(1).max(100),
});

const actionInput = z.object({
  type: z.literal('deliver'),
  endpointId: z.string().min(1).max(100),
  eventType: z.string().min(1).max(200).optional().describe('Outbound event type; default webhook.received'),
});

const flowName = z.string().min(1).max(200);
const transform = z.string().min(1).max(10_000).describe('JSONata; $event and $contact are bound');

/** Body of `POST /api/v1/flows`. */
export const flowBody = z.object({
  name: flowName,
  enabled: z.boolean().optional(),
  trigger: triggerSchema,
  filter: filterSchema.nullable().optional(),
  transform: transform.nullable().optional(),
  actions: z.array(actionInput).min(1).max(20),
});

/** Body of `PATCH /api/v1/flows/{id}`: absent fields stay; `null` clears filter or transform. */
export const flowPatchBody = z.object({
  name: flowName.optional(),
  enabled: z.boolean().optional(),
  trigger: triggerSchema.optional(),
  filter: filterSchema.nullable().optional(),
  transform: transform.nullable().optional(),
  actions: z.array(actionInput).min(1).max(20).optional(),
});

/** A flow as the API answers it. */
export const flowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    trigger: triggerSchema,
    filter: filterSchema.nullable(),
    transform: z.string().nullable(),
    actions: z.array(
      z.object({ type: z.literal('deliver'), endpointId: z.string(), eventType: z.string().nullable() }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Flow' });

/** Query of `GET /api/v1/flows`. */
export const flowListQuery = pageQuery.extend({ connectionId: z.string().optional() });

/** Query of `GET /api/v1/flows/{id}/runs`. */
export const runQuery = pageQuery.extend({ status: z.enum(FLOW_RUN_STATUSES).optional() });

/** Path parameters of `GET /api/v1/flows/{id}/runs/{runId}`. */
export const runParams = z.object({ id: z.string().min(1).max(100), runId: z.string().min(1).max(100) });

/** A flow run as the API answers it. */
export const runSchema = z
  .object({
    id: z.string(),
    flowId: z.string(),
    eventId: z.string(),
    connectionId: z.string(),
    status: z.enum(FLOW_RUN_STATUSES),
    input: z.unknown().describe('The payload the flow received'),
    output: z.unknown().describe('What the actions delivered (after the transform); null if none'),
    error: z.string().nullable(),
    actions: z.array(
      z.object({ endpointId: z.string(), messageId: z.string().nullable(), error: z.string().nullable() }),
    ),
    startedAt: z.string(),
    finishedAt: z.string(),
  })
  .meta({ id: 'FlowRun' });
