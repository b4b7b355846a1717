import type { HistoryOutcome } from '../errors/index.ts';
import { outcomeMessage } from '../errors/index.ts';
import type { FlowRecord, FlowRunRecord } from '../store/index.ts';
import type { ContactResolution } from './resolve-contact.ts';

/** What processing found out about one event. */
export interface ProcessingFacts {
  readonly captured: boolean;
  readonly contact: ContactResolution;
  /** The enabled flows bound to the connection (none when the contact was not found: they did not run). */
  readonly flows: readonly FlowRecord[];
  readonly runs: readonly FlowRunRecord[];
  /** The connection takes part in processing (settings or a bound flow); else no TRIGGER_NOT_FOUND. */
  readonly inProcessing: boolean;
}

/** The history outcome and message of a processed event. */
export interface EventOutcome {
  readonly outcome: HistoryOutcome;
  readonly message: string | null;
}

const NO_TRIGGER = outcomeMessage('TRIGGER_NOT_FOUND', 'No enabled flow is bound to this connection');

/** `1 flow run succeeded, 2 filtered`-style summary of the runs. */
function runSummary(runs: readonly FlowRunRecord[]): string {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  const parts = [...counts].map(([status, count]) => `${count} ${status}`);
  return `Flow runs: ${parts.join(', ')}`;
}

/** Notes that accompany the main outcome (contact created, sample captured, runs). */
function notes(facts: ProcessingFacts, includeCapture: boolean): string[] {
  const parts: string[] = [];
  if (facts.contact.kind === 'created') parts.push(`Contact ${facts.contact.contact.id} created`);
  if (includeCapture && facts.captured) parts.push('Payload captured as the sample');
  if (facts.runs.length > 0) parts.push(runSummary(facts.runs));
  return parts;
}

/**
 * The one outcome recorded for a processed event, by precedence (the one that most needs attention):
 * `ERROR` (a flow run failed) > `IDENTIFIER_NOT_FOUND` (no contact; flows did not run) >
 * `SAMPLE_CAPTURED` > `TRIGGER_NOT_FOUND` (no enabled flow, on a connection that takes part in processing)
 * > `ACCEPTED`. The message names the main
 * outcome's reason first, then the other facts (`; `-separated), so nothing is hidden by the precedence.
 */
export function decideOutcome(facts: ProcessingFacts): EventOutcome {
  const failed = facts.runs.filter((run) => run.status === 'failed');
  const firstFailure = failed[0];
  if (firstFailure !== undefined) {
    const flow = facts.flows.find((candidate) => candidate.id === firstFailure.flowId);
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed)` : '';
    const reason = `Flow ${flow?.name ?? firstFailure.flowId} failed: ${firstFailure.error ?? 'unknown'}${more}`;
    const head = outcomeMessage('ERROR', reason);
    return { outcome: 'ERROR', message: [head, ...notes(facts, true)].join('; ') };
  }
  if (facts.contact.kind === 'not_found') {
    return {
      outcome: 'IDENTIFIER_NOT_FOUND',
      message: [facts.contact.message, ...notes(facts, true)].join('; '),
    };
  }
  const noTrigger = facts.flows.length === 0 && facts.inProcessing;
  if (facts.captured) {
    const rest = [...notes(facts, false), ...(noTrigger ? [NO_TRIGGER] : [])];
    return { outcome: 'SAMPLE_CAPTURED', message: ['Payload captured as the sample', ...rest].join('; ') };
  }
  if (noTrigger)
    return { outcome: 'TRIGGER_NOT_FOUND', message: [NO_TRIGGER, ...notes(facts, true)].join('; ') };
  return { outcome: 'ACCEPTED', message: notes(facts, true).join('; ') || null };
}
