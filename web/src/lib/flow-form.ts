import { type FilterOperator, type Flow, type FlowInput, UNARY_OPERATORS } from '../api/flow-types.ts';

/** One filter condition as the form edits it: the operand as typed. */
export interface ConditionDraft {
  readonly key: number;
  readonly path: string;
  readonly op: FilterOperator;
  readonly value: string;
}

export interface ActionDraft {
  readonly key: number;
  readonly endpointId: string;
  readonly eventType: string;
}

export interface FlowDraft {
  readonly name: string;
  readonly connectionId: string;
  readonly enabled: boolean;
  readonly match: 'all' | 'any';
  readonly conditions: readonly ConditionDraft[];
  readonly transform: string;
  readonly actions: readonly ActionDraft[];
}

let nextKey = 1;
/** A fresh React key for a form row. */
export function rowKey(): number {
  nextKey += 1;
  return nextKey;
}

/** An operand as the form shows it: strings as typed, everything else as JSON. */
export function formatOperand(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The typed operand: JSON when it parses (42, true, "text", [1, 2]), the text itself otherwise. */
export function parseOperand(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function emptyCondition(): ConditionDraft {
  return { key: rowKey(), path: '', op: 'eq', value: '' };
}

export function emptyAction(): ActionDraft {
  return { key: rowKey(), endpointId: '', eventType: '' };
}

/** The form's starting values: an existing flow, or a new one bound to `connectionId`. */
export function draftFromFlow(flow: Flow | null, connectionId = ''): FlowDraft {
  if (!flow) {
    return {
      name: '',
      connectionId,
      enabled: true,
      match: 'all',
      conditions: [],
      transform: '',
      actions: [emptyAction()],
    };
  }
  return {
    name: flow.name,
    connectionId: flow.trigger.connectionId,
    enabled: flow.enabled,
    match: flow.filter?.match ?? 'all',
    conditions: (flow.filter?.conditions ?? []).map((c) => ({
      key: rowKey(),
      path: c.path,
      op: c.op,
      value: formatOperand(c.value),
    })),
    transform: flow.transform ?? '',
    actions: flow.actions.map((a) => ({
      key: rowKey(),
      endpointId: a.endpointId,
      eventType: a.eventType ?? '',
    })),
  };
}

/** The API body for a draft, or the first thing the user must fix. */
export function inputFromDraft(draft: FlowDraft): { input: FlowInput } | { error: string } {
  if (!draft.connectionId) return { error: 'Choose the connection whose requests start this flow.' };
  const conditions = [];
  for (const [index, condition] of draft.conditions.entries()) {
    const where = `Condition ${index + 1}`;
    if (!/^\$./.test(condition.path.trim()))
      return { error: `${where}: the path must be a JSONPath starting with $, e.g. $.type.` };
    if (UNARY_OPERATORS.includes(condition.op)) {
      conditions.push({ path: condition.path.trim(), op: condition.op });
      continue;
    }
    if (condition.value.trim() === '') return { error: `${where} needs a value to compare with.` };
    const value = parseOperand(condition.value);
    if (condition.op === 'in' && !Array.isArray(value))
      return { error: `${where}: the value of "in" must be a JSON array, e.g. ["paid", "shipped"].` };
    conditions.push({ path: condition.path.trim(), op: condition.op, value });
  }
  const actions = draft.actions.map((action) => ({
    type: 'deliver' as const,
    endpointId: action.endpointId.trim(),
    ...(action.eventType.trim() ? { eventType: action.eventType.trim() } : {}),
  }));
  if (actions.length === 0) return { error: 'Add at least one endpoint to deliver to.' };
  const missing = actions.findIndex((action) => action.endpointId === '');
  if (missing !== -1) return { error: `Delivery ${missing + 1} needs an endpoint.` };
  return {
    input: {
      name: draft.name.trim(),
      enabled: draft.enabled,
      trigger: { type: 'webhook_received', connectionId: draft.connectionId },
      filter: conditions.length > 0 ? { match: draft.match, conditions } : null,
      transform: draft.transform.trim() ? draft.transform : null,
      actions,
    },
  };
}

/** `2 conditions, all must hold` / `No filter`. */
export function describeFilter(flow: Flow): string {
  const count = flow.filter?.conditions.length ?? 0;
  if (!flow.filter || count === 0) return 'Every request';
  const noun = count === 1 ? 'condition' : 'conditions';
  return `${count} ${noun}${count > 1 ? (flow.filter.match === 'all' ? ', all must hold' : ', any may hold') : ''}`;
}
