/** Shapes of the flows API (src/api/processing-flow-schemas.ts). */

export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'exists',
  'not_exists',
  'contains',
  'not_contains',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Operators that take no operand. */
export const UNARY_OPERATORS: readonly FilterOperator[] = ['exists', 'not_exists'];

export interface FilterCondition {
  readonly path: string;
  readonly op: FilterOperator;
  /** Not used by exists / not_exists; an array for `in`. */
  readonly value?: unknown;
}

export interface FlowFilter {
  readonly match: 'all' | 'any';
  readonly conditions: readonly FilterCondition[];
}

export interface FlowTrigger {
  readonly type: 'webhook_received';
  readonly connectionId: string;
}

export interface FlowAction {
  readonly type: 'deliver';
  readonly endpointId: string;
  /** Outbound event type; null = `webhook.received`. */
  readonly eventType: string | null;
}

export interface Flow {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly trigger: FlowTrigger;
  readonly filter: FlowFilter | null;
  /** JSONata; null = deliver the payload as is. */
  readonly transform: string | null;
  readonly actions: readonly FlowAction[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Body of `POST /api/v1/flows` (and of `PATCH`, where `null` clears filter or transform). */
export interface FlowInput {
  readonly name: string;
  readonly enabled?: boolean;
  readonly trigger: FlowTrigger;
  readonly filter: FlowFilter | null;
  readonly transform: string | null;
  readonly actions: readonly {
    readonly type: 'deliver';
    readonly endpointId: string;
    readonly eventType?: string;
  }[];
}

export const FLOW_RUN_STATUSES = ['succeeded', 'failed', 'filtered'] as const;
export type FlowRunStatus = (typeof FLOW_RUN_STATUSES)[number];

export interface FlowRun {
  readonly id: string;
  readonly flowId: string;
  readonly eventId: string;
  readonly connectionId: string;
  readonly status: FlowRunStatus;
  /** The payload the flow received. */
  readonly input: unknown;
  /** What the actions delivered (after the transform); null if none. */
  readonly output: unknown;
  readonly error: string | null;
  readonly actions: readonly {
    readonly endpointId: string;
    readonly messageId: string | null;
    readonly error: string | null;
  }[];
  readonly startedAt: string;
  readonly finishedAt: string;
}
