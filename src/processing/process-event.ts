import { outcomeMessage } from '../errors/index.ts';
import { parsePayload } from '../ingest/index.ts';
import type { Logger } from '../observability/index.ts';
import type {
  ConnectionProcessingRecord,
  EventRecord,
  FlowRecord,
  FlowRepository,
  FlowRunRecord,
  InboundLogRepository,
  ProcessedEvent,
  ProcessingJob,
  ProcessingSettingsRepository,
} from '../store/index.ts';
import { decideOutcome } from './event-outcome.ts';
import { type ContactResolution, type ResolveDeps, resolveContact } from './resolve-contact.ts';
import { type FlowContext, type FlowDeps, runFlow } from './run-flow.ts';
import { inferSchema } from './schema-infer.ts';

/** What processing one event reads and writes in the store (besides resolving its contact). */
export type EventStore = Pick<InboundLogRepository, 'getEvent'> & {
  readonly processing: Pick<ProcessingSettingsRepository, 'getSettings' | 'captureSample'> & {
    readonly flows: Pick<FlowRepository, 'flowsForConnection' | 'listFlows' | 'runsForEvent'>;
  };
};

/** What processing one event needs. */
export interface EventDeps extends FlowDeps {
  readonly store: EventStore & ResolveDeps['store'];
  readonly logger: Logger;
}

/** A connection's processing settings and enabled flows, loaded once per batch and connection. */
export interface ConnectionSetup {
  readonly settings: ConnectionProcessingRecord | null;
  readonly flows: readonly FlowRecord[];
  /**
   * Whether the connection takes part in processing: it has processing settings (identifier, capture) or a
   * flow bound to it, enabled or not. A plain gateway connection keeps the outcome `ACCEPTED`.
   */
  readonly inProcessing: boolean;
}

/** Loads a connection's setup; the batch memoizes it per connection. */
export async function loadSetup(
  connectionId: string,
  store: { readonly processing: EventStore['processing'] },
): Promise<ConnectionSetup> {
  const [settings, flows] = await Promise.all([
    store.processing.getSettings(connectionId),
    store.processing.flows.flowsForConnection(connectionId),
  ]);
  const inProcessing =
    settings !== null ||
    flows.length > 0 ||
    (await store.processing.flows.listFlows({ connectionId, limit: 1 })).items.length > 0;
  return { settings, flows, inProcessing };
}

/** Keeps the payload as the connection's sample when a capture is armed; true when this event is the sample. */
async function capture(
  event: EventRecord,
  payload: unknown,
  settings: ConnectionProcessingRecord | null,
  deps: EventDeps,
): Promise<boolean> {
  if (settings === null) return false;
  if (settings.sampleEventId === event.id) return true;
  if (settings.captureArmedAt === null || settings.captureArmedAt > event.receivedAt) return false;
  const sample = {
    connectionId: event.connectionId,
    eventId: event.id,
    capturedAt: deps.clock.now(),
    sample: payload,
    schema: inferSchema(payload),
  };
  return deps.store.processing.captureSample(sample, event.receivedAt);
}

/**
 * Runs every flow. On a repeated attempt, a flow that already has a run for this event is not run again
 * (runs are committed with the job's end, so a first attempt has none).
 */
async function runFlows(
  flows: readonly FlowRecord[],
  context: FlowContext,
  job: ProcessingJob,
  deps: EventDeps,
): Promise<FlowRunRecord[]> {
  if (flows.length === 0) return [];
  const earlier = job.attempts > 1 ? await deps.store.processing.flows.runsForEvent(context.event.id) : [];
  const runs: FlowRunRecord[] = [];
  for (const flow of flows) {
    runs.push(earlier.find((run) => run.flowId === flow.id) ?? (await runFlow(flow, context, deps)));
  }
  return runs;
}

/** The contact id a resolution yields, if any. */
function contactIdOf(resolution: ContactResolution): string | null {
  return resolution.kind === 'found' || resolution.kind === 'created' ? resolution.contact.id : null;
}

/**
 * Processes one accepted event, in the order docs/processing.md describes: parse the stored body → schema capture
 * → contact resolution → the flows bound to the connection. An unresolved contact stops there (flows are
 * not run). `setup` gives the connection's settings and flows (shared by the batch's events of that
 * connection). Returns the result to commit; throws only on infrastructure failures (store, publisher), and
 * the job is then claimed again after its lease. Repeating it for the same event is safe: the sample,
 * a created contact, recorded runs and published messages (idempotency keys) are recognised.
 */
export async function processEvent(
  job: ProcessingJob,
  deps: EventDeps,
  setup: () => Promise<ConnectionSetup>,
): Promise<ProcessedEvent> {
  const { eventId, historyId, leaseToken } = job;
  const result = { eventId, historyId, leaseToken, state: 'done' as const, runs: [] };
  const event = await deps.store.getEvent(job.eventId);
  if (event === null) {
    return {
      ...result,
      outcome: 'ERROR',
      message: outcomeMessage('ERROR', 'Event is no longer stored'),
      contactId: null,
    };
  }
  const parsed = parsePayload(event.body, event.contentType ?? undefined);
  if (!parsed.ok)
    return { ...result, outcome: 'ERROR', message: outcomeMessage('ERROR', parsed.message), contactId: null };
  const payload = parsed.value;
  const { settings, flows, inProcessing } = await setup();
  const captured = await capture(event, payload, settings, deps);
  const contact = await resolveContact(payload, settings, deps);
  const contactId = contactIdOf(contact);
  if (contact.kind === 'not_found') {
    return {
      ...result,
      ...decideOutcome({ captured, contact, flows: [], runs: [], inProcessing }),
      contactId,
    };
  }
  const context = { event, payload, contact: contact.kind === 'unmapped' ? null : contact.contact };
  const runs = await runFlows(flows, context, job, deps);
  return { ...result, ...decideOutcome({ captured, contact, flows, runs, inProcessing }), contactId, runs };
}
