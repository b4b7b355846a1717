import jsonata from 'jsonata';
import type { Clock } from '../core/index.ts';
import { newId } from '../core/index.ts';
import { type Failure, failure, type Result, success } from '../errors/index.ts';
import type {
  ConnectionRepository,
  EndpointRepository,
  FilterCondition,
  FlowFilter,
  FlowRecord,
  FlowRepository,
} from '../store/index.ts';

/** What the flow service uses of the store: flows, and the connection and endpoints a flow refers to. */
export type FlowServiceStore = Pick<ConnectionRepository, 'getConnection'> & {
  readonly processing: { readonly flows: Pick<FlowRepository, 'createFlow' | 'getFlow' | 'updateFlow'> };
  readonly delivery: { readonly endpoints: Pick<EndpointRepository, 'getEndpoint'> };
};

import { jsonPathProblem } from './json-path.ts';

/** A flow as the API receives it. */
export interface FlowInput {
  readonly name: string;
  readonly enabled?: boolean | undefined;
  readonly trigger: { readonly type: 'webhook_received'; readonly connectionId: string };
  readonly filter?: FlowFilter | null | undefined;
  readonly transform?: string | null | undefined;
  readonly actions: readonly {
    readonly type: 'deliver';
    readonly endpointId: string;
    readonly eventType?: string | undefined;
  }[];
}

/** Fields a patch may change; absent fields stay, `null` clears filter or transform. */
export type FlowPatchInput = { readonly [K in keyof FlowInput]?: FlowInput[K] | undefined };

/** Flow operations of the admin API: validation around the store. */
export interface FlowService {
  create(input: FlowInput): Promise<Result<FlowRecord>>;
  update(id: string, patch: FlowPatchInput): Promise<Result<FlowRecord>>;
}

/** Why a filter condition is unusable, or undefined. */
function conditionProblem(condition: FilterCondition, index: number): string | undefined {
  const where = `filter.conditions.${index}`;
  const pathProblem = jsonPathProblem(condition.path);
  if (pathProblem !== undefined) return `${where}.path ${pathProblem}`;
  const unary = condition.op === 'exists' || condition.op === 'not_exists';
  if (!unary && condition.value === undefined) return `${where}.value is required for ${condition.op}`;
  if (condition.op === 'in' && !Array.isArray(condition.value))
    return `${where}.value must be an array for in`;
  return undefined;
}

/** Checks the parts of a flow zod cannot: JSONPath syntax, operands, the JSONata expression, the connection. */
async function validate(flow: FlowRecord, store: FlowServiceStore): Promise<Failure | undefined> {
  for (const [index, condition] of (flow.filter?.conditions ?? []).entries()) {
    const problem = conditionProblem(condition, index);
    if (problem !== undefined) return failure('VALIDATION_ERROR', problem);
  }
  if (flow.transform !== null) {
    try {
      jsonata(flow.transform);
    } catch (error) {
      const detail =
        typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : '';
      const code =
        typeof error === 'object' && error !== null && 'code' in error ? `${String(error.code)}: ` : '';
      return failure('VALIDATION_ERROR', `transform is not valid JSONata (${code}${detail})`);
    }
  }
  if ((await store.getConnection(flow.connectionId)) === null) {
    return failure('VALIDATION_ERROR', `trigger.connectionId: no connection ${flow.connectionId}`);
  }
  for (const [index, action] of flow.actions.entries()) {
    if ((await store.delivery.endpoints.getEndpoint(action.endpointId)) === null) {
      return failure('VALIDATION_ERROR', `actions.${index}.endpointId: no endpoint ${action.endpointId}`);
    }
  }
  return undefined;
}

/** The stored form of a flow's input. */
function toRecord(input: FlowInput, id: string, createdAt: number, updatedAt: number): FlowRecord {
  return {
    id,
    name: input.name,
    enabled: input.enabled ?? true,
    connectionId: input.trigger.connectionId,
    filter: input.filter ?? null,
    transform: input.transform ?? null,
    actions: input.actions.map((action) => ({
      type: 'deliver',
      endpointId: action.endpointId,
      eventType: action.eventType ?? null,
    })),
    createdAt,
    updatedAt,
  };
}

/** The input a stored flow was made from (for applying a patch). */
function toInput(flow: FlowRecord): FlowInput {
  return {
    name: flow.name,
    enabled: flow.enabled,
    trigger: { type: 'webhook_received', connectionId: flow.connectionId },
    filter: flow.filter,
    transform: flow.transform,
    actions: flow.actions.map((action) => ({
      type: 'deliver',
      endpointId: action.endpointId,
      ...(action.eventType !== null && { eventType: action.eventType }),
    })),
  };
}

/**
 * Creates the flow service. The trigger's connection and every action's endpoint must exist when a flow is
 * saved; an endpoint deleted later makes the run fail with the publisher's reason.
 */
export function createFlowService(deps: { store: FlowServiceStore; clock: Clock }): FlowService {
  const flows = deps.store.processing.flows;
  return {
    async create(input) {
      const now = deps.clock.now();
      const flow = toRecord(input, newId('flw'), now, now);
      const problem = await validate(flow, deps.store);
      if (problem !== undefined) return problem;
      await flows.createFlow(flow);
      return success(flow);
    },
    async update(id, patch) {
      const existing = await flows.getFlow(id);
      if (existing === null) return failure('NOT_FOUND', `No flow ${id}`);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      const flow = toRecord({ ...toInput(existing), ...defined }, id, existing.createdAt, deps.clock.now());
      const problem = await validate(flow, deps.store);
      if (problem !== undefined) return problem;
      const updated = await flows.updateFlow(flow);
      return updated === null ? failure('NOT_FOUND', `No flow ${id}`) : success(updated);
    },
  };
}
