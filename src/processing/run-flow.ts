import type { Clock } from '../core/index.ts';
import { newId } from '../core/index.ts';
import type { MessagePublisher } from '../delivery/index.ts';
import type { ActionResult, ContactRecord, EventRecord, FlowRecord, FlowRunRecord } from '../store/index.ts';
import { filterMatches } from './flow-filter.ts';
import type { TransformRunner } from './transform-runner.ts';

/** The outbound event type of a `deliver` action that names none. */
export const DEFAULT_EVENT_TYPE = 'webhook.received';

/** What a flow run sees: the stored event, its parsed payload and the resolved contact. */
export interface FlowContext {
  readonly event: EventRecord;
  readonly payload: unknown;
  readonly contact: ContactRecord | null;
}

/** What running a flow needs. */
export interface FlowDeps {
  readonly clock: Clock;
  readonly publisher: MessagePublisher;
  readonly transforms: TransformRunner;
}

/** The variables a transform can read besides the payload (`$event`, `$contact`). */
export function transformBindings(context: FlowContext): Record<string, unknown> {
  const { event, contact } = context;
  return {
    event: {
      id: event.id,
      connectionId: event.connectionId,
      receivedAt: new Date(event.receivedAt).toISOString(),
      headers: { ...event.headers },
    },
    contact: contact === null ? null : { ...contact, attributes: { ...contact.attributes } },
  };
}

/**
 * The key that makes a repeated run (after a crash) publish the same message again rather than a new one:
 * one per (flow, event, action).
 */
export function actionIdempotencyKey(flowId: string, eventId: string, index: number): string {
  return `flow:${flowId}:${eventId}:${index}`;
}

/** Publishes the output through every action, in order; a failed action does not stop the others. */
async function deliver(
  flow: FlowRecord,
  context: FlowContext,
  output: unknown,
  publisher: MessagePublisher,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const [index, action] of flow.actions.entries()) {
    const published = await publisher.publish({
      endpointId: action.endpointId,
      type: action.eventType ?? DEFAULT_EVENT_TYPE,
      data: output,
      idempotencyKey: actionIdempotencyKey(flow.id, context.event.id, index),
      connectionId: context.event.connectionId,
      sourceEventId: context.event.id,
    });
    results.push(
      published.ok
        ? { endpointId: action.endpointId, messageId: published.messageId, error: null }
        : { endpointId: action.endpointId, messageId: null, error: published.message },
    );
  }
  return results;
}

/**
 * Runs one flow on one event: filter → transform (sandboxed, time-limited) → deliver actions. Returns the
 * run record: `filtered` when the filter does not match or the transform yields nothing, `failed` when the
 * transform fails or an action cannot be published, `succeeded` otherwise. A publisher that throws (the
 * store is down) propagates: the event is processed again later, and the idempotency keys keep that
 * from publishing twice.
 */
export async function runFlow(
  flow: FlowRecord,
  context: FlowContext,
  deps: FlowDeps,
): Promise<FlowRunRecord> {
  const startedAt = deps.clock.now();
  const base = {
    id: newId('run'),
    flowId: flow.id,
    eventId: context.event.id,
    connectionId: context.event.connectionId,
    input: context.payload,
    startedAt,
  };
  const end = (rest: Pick<FlowRunRecord, 'status' | 'output' | 'error' | 'actions'>): FlowRunRecord => ({
    ...base,
    ...rest,
    finishedAt: deps.clock.now(),
  });
  if (!filterMatches(flow.filter, context.payload)) {
    return end({ status: 'filtered', output: null, error: null, actions: [] });
  }
  let output: unknown = context.payload;
  if (flow.transform !== null) {
    const transformed = await deps.transforms.run(
      flow.transform,
      context.payload,
      transformBindings(context),
    );
    if (!transformed.ok)
      return end({ status: 'failed', output: null, error: transformed.message, actions: [] });
    if (transformed.value === undefined)
      return end({ status: 'filtered', output: null, error: null, actions: [] });
    output = transformed.value;
  }
  const actions = await deliver(flow, context, output, deps.publisher);
  const failures = actions.filter((action) => action.error !== null);
  if (failures.length === 0) return end({ status: 'succeeded', output, error: null, actions });
  const error = failures.map((action) => `${action.endpointId}: ${action.error}`).join('; ');
  return end({ status: 'failed', output, error, actions });
}
