/**
 * Shapes of the flows API (docs/processing.md): names for the types generated from /api/v1/openapi.json
 * (src/api/contract.ts), and the option lists the forms show, checked complete.
 */
import { everyValue, type FilterOperator, type FlowRunStatus } from '../../../src/api/contract.ts';

export type {
  FilterCondition,
  FilterOperator,
  Flow,
  FlowAction,
  FlowFilter,
  FlowInput,
  FlowPatch,
  FlowRun,
  FlowRunStatus,
  FlowTrigger,
} from '../../../src/api/contract.ts';

export const FILTER_OPERATORS = everyValue<FilterOperator>()([
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
]);

/** Operators that take no operand. */
export const UNARY_OPERATORS: readonly FilterOperator[] = ['exists', 'not_exists'];

export const FLOW_RUN_STATUSES = everyValue<FlowRunStatus>()(['succeeded', 'failed', 'filtered']);
