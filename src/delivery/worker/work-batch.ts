import type { Logger } from '../../observability/index.ts';
import type {
  AttemptRecord,
  DeliveryCompletion,
  DeliverySecretRepository,
  DeliveryState,
  LeasedDelivery,
} from '../../store/index.ts';
import { deliverOne } from './deliver-one.ts';
import type { WorkTools } from './lease-worker.ts';
import type { AttemptContext, RunSummary } from './worker-options.ts';
import type { SecretOpener } from './worker-secrets.ts';

/** The parts of a worker a batch uses. */
export interface BatchDeps {
  /** The worker's id, on every log line. */
  readonly workerId: string;
  /** The credentials the leased deliveries are signed with. */
  readonly store: { readonly delivery: Pick<DeliverySecretRepository, 'activeSecrets'> };
  readonly logger: Logger;
  readonly opener: SecretOpener;
  readonly context: Omit<AttemptContext, 'secrets' | 'signal'>;
  /** Told about every attempt as it completes, before it is written. */
  readonly onAttempt?: (attempt: AttemptRecord) => void;
}

/** The outcome of one delivery, for counting. */
export type JobOutcome = DeliveryState | 'lease_lost' | 'abandoned' | 'error';

/** Whose secrets sign for this endpoint: the application's, the endpoint's own, or none. */
function ownerOf(leased: LeasedDelivery): string | null {
  const scope = leased.endpoint.signing?.secretScope;
  if (scope === 'application') return leased.endpoint.applicationId;
  if (scope === 'endpoint') return leased.endpoint.id;
  return null;
}

/** Loads and opens the credentials of every owner in the batch (one query). */
export async function loadSecrets(
  deps: BatchDeps,
  batch: readonly LeasedDelivery[],
  now: number,
): Promise<ReadonlyMap<string, string[]>> {
  const owners = batch.map(ownerOf).filter((owner) => owner !== null);
  const versions = await deps.store.delivery.activeSecrets(owners, now);
  const opened = new Map<string, string[]>();
  for (const [owner, list] of versions) opened.set(owner, deps.opener.open(list));
  return opened;
}

/** Works one leased delivery to its committed outcome; never rejects. `signal` aborts its request. */
export async function workOne(
  deps: BatchDeps,
  leased: LeasedDelivery,
  secrets: ReadonlyMap<string, string[]>,
  tools: WorkTools<DeliveryCompletion>,
): Promise<JobOutcome> {
  const owner = ownerOf(leased);
  const ids = {
    deliveryId: leased.delivery.id,
    messageId: leased.message.id,
    endpointId: leased.endpoint.id,
  };
  try {
    const { completion, result } = await deliverOne(
      { ...deps.context, signal: tools.signal, secrets: owner === null ? [] : (secrets.get(owner) ?? []) },
      leased,
    );
    // The endpoint's concurrency slot is about requests in flight: free it before recording.
    tools.requestDone();
    if (tools.abandoned()) return 'abandoned';
    if (completion.attempt !== null) deps.onAttempt?.(completion.attempt);
    const applied = await tools.record(completion);
    if (applied === 'dropped') return 'abandoned';
    const log = {
      worker: deps.workerId,
      ...ids,
      attempt: completion.attempt?.attempt ?? null,
      state: completion.state,
      responseStatus: result?.kind === 'response' ? result.status : null,
      latencyMs:
        result?.kind === 'response' || result?.kind === 'error' ? Math.round(result.latencyMs) : null,
      error: completion.lastError,
    };
    if (completion.state === 'SUCCESS') deps.logger.debug(log, 'delivery succeeded');
    else if (completion.state === 'DEAD_LETTER') {
      deps.logger.warn(log, 'delivery dead-lettered: no more retries (replay it once the endpoint is fixed)');
    } else deps.logger.info(log, 'delivery attempt failed');
    return applied === 'applied' ? completion.state : 'lease_lost';
  } catch (error) {
    deps.logger.warn(
      { ...ids, err: error instanceof Error ? error.name : 'unknown' },
      'delivery could not be recorded',
    );
    return 'error';
  } finally {
    tools.requestDone();
  }
}

/** Counts the outcomes of one `runOnce`. */
export function summarize(outcomes: readonly JobOutcome[]): RunSummary {
  const count = (wanted: JobOutcome): number => outcomes.filter((outcome) => outcome === wanted).length;
  return {
    leased: outcomes.length,
    succeeded: count('SUCCESS'),
    failed: count('FAILED'),
    deadLettered: count('DEAD_LETTER'),
    leaseLost: count('lease_lost'),
  };
}
