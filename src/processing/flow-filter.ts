import { isDeepStrictEqual } from 'node:util';
import type { FilterCondition, FilterOperator, FlowFilter } from '../store/index.ts';
import { valuesAt } from './json-path.ts';

/** Compares two values of the same primitive kind (numbers or strings); undefined otherwise. */
function compare(left: unknown, right: unknown): number | undefined {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return undefined;
}

/** True when `container` (a string or an array) contains `needle`. */
function contains(container: unknown, needle: unknown): boolean {
  if (typeof container === 'string' && typeof needle === 'string') return container.includes(needle);
  if (Array.isArray(container)) return container.some((item) => isDeepStrictEqual(item, needle));
  return false;
}

/** Tests one selected value against the condition's operand, for the operators that test values. */
const VALUE_TESTS: Partial<Record<FilterOperator, (actual: unknown, expected: unknown) => boolean>> = {
  eq: (actual, expected) => isDeepStrictEqual(actual, expected),
  contains,
  gt: (actual, expected) => (compare(actual, expected) ?? 0) > 0,
  gte: (actual, expected) => {
    const order = compare(actual, expected);
    return order !== undefined && order >= 0;
  },
  lt: (actual, expected) => (compare(actual, expected) ?? 0) < 0,
  lte: (actual, expected) => {
    const order = compare(actual, expected);
    return order !== undefined && order <= 0;
  },
  in: (actual, expected) =>
    Array.isArray(expected) && expected.some((item) => isDeepStrictEqual(item, actual)),
};

/** The negated operators and the operator they negate. */
const NEGATIONS: Partial<Record<FilterOperator, FilterOperator>> = {
  neq: 'eq',
  not_contains: 'contains',
  not_exists: 'exists',
};

/**
 * Whether one condition holds for `payload`. The path may select several values (`[*]`, `..`): a test
 * holds when any selected value passes it. `exists` means at least one selected value is not null;
 * `neq`, `not_contains` and `not_exists` are the negations of `eq`, `contains` and `exists` (so they hold
 * when the path selects nothing). `gt`/`gte`/`lt`/`lte` compare numbers with numbers and strings with
 * strings (ISO timestamps order correctly); mixed kinds never match.
 */
export function conditionHolds(condition: FilterCondition, payload: unknown): boolean {
  const negated = NEGATIONS[condition.op];
  if (negated !== undefined) return !conditionHolds({ ...condition, op: negated }, payload);
  const values = valuesAt(payload, condition.path);
  if (condition.op === 'exists') return values.some((value) => value !== null && value !== undefined);
  const test = VALUE_TESTS[condition.op];
  return test !== undefined && values.some((value) => test(value, condition.value));
}

/** Whether the payload passes the flow's filter: every (`all`) or some (`any`) condition; no filter passes. */
export function filterMatches(filter: FlowFilter | null, payload: unknown): boolean {
  if (filter === null || filter.conditions.length === 0) return true;
  const holds = (condition: FilterCondition) => conditionHolds(condition, payload);
  return filter.match === 'any' ? filter.conditions.some(holds) : filter.conditions.every(holds);
}
