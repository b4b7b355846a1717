import { schemaPaths } from '../processing/index.ts';
import type {
  ConnectionProcessingRecord,
  ContactRecord,
  FlowRecord,
  FlowRunRecord,
  SampleRecord,
} from '../store/index.ts';

/** Epoch ms as an ISO-8601 string. */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A connection's processing settings as the API shows them (defaults when none were stored). */
export function settingsView(connectionId: string, settings: ConnectionProcessingRecord | null) {
  return {
    connectionId,
    identifier: settings?.identifier ? { ...settings.identifier } : null,
    onUnknownContact: settings?.onUnknownContact ?? 'skip',
    capturing: settings?.captureArmedAt != null,
    updatedAt: settings ? iso(settings.updatedAt) : null,
  };
}

/** The capture state. */
export function captureView(connectionId: string, armedAt: number | null) {
  return { connectionId, capturing: armedAt !== null, armedAt: armedAt === null ? null : iso(armedAt) };
}

/** The sample, its schema and the JSON paths the schema offers. */
export function sampleView(connectionId: string, capturing: boolean, sample: SampleRecord | null) {
  return {
    connectionId,
    capturing,
    eventId: sample?.eventId ?? null,
    capturedAt: sample ? iso(sample.capturedAt) : null,
    sample: sample?.sample ?? null,
    schema: sample ? { ...sample.schema } : null,
    paths: sample ? schemaPaths(sample.schema) : [],
  };
}

/** A contact as the API shows it. */
export function contactView(contact: ContactRecord) {
  return {
    ...contact,
    attributes: { ...contact.attributes },
    createdAt: iso(contact.createdAt),
    updatedAt: iso(contact.updatedAt),
  };
}

/** A flow as the API shows it: the trigger as an object. */
export function flowView(flow: FlowRecord) {
  return {
    id: flow.id,
    name: flow.name,
    enabled: flow.enabled,
    trigger: { type: 'webhook_received' as const, connectionId: flow.connectionId },
    filter:
      flow.filter === null ? null : { match: flow.filter.match, conditions: [...flow.filter.conditions] },
    transform: flow.transform,
    actions: flow.actions.map((action) => ({ ...action })),
    createdAt: iso(flow.createdAt),
    updatedAt: iso(flow.updatedAt),
  };
}

/** A flow run as the API shows it. */
export function runView(run: FlowRunRecord) {
  return {
    ...run,
    output: run.output ?? null,
    actions: run.actions.map((action) => ({ ...action })),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
  };
}
