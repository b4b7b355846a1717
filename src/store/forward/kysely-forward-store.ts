import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import type { GroupCommitQueues } from '../group-commit.ts';
import { FORWARD_QUEUE, releaseJobLeases, renewJobLeases } from '../job-leases.ts';
import { isPerItemFailure } from '../store-errors.ts';
import {
  commitForwardCompletions,
  deleteForwardSecrets,
  leaseForwards,
  listForwardAttempts,
  redeliverForward,
  redeliverForwards,
  selectForwardJob,
  selectForwardSummaries,
} from './forward-queries.ts';
import type { ForwardCompletion, ForwardStore } from './forward-types.ts';

/** Largest number of completions committed in one group-commit transaction. */
const MAX_COMPLETION_BATCH = 256;

/**
 * The forwarding store on the shared Kysely instance. Completions go through a group-commit queue (one
 * transaction per batch: with SQLite's fully synced commits each transaction costs an fsync).
 */
export function createForwardStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  queues: GroupCommitQueues,
): ForwardStore {
  const completions = queues.open<ForwardCompletion, 'applied' | 'lease_lost'>(
    (items) => commitForwardCompletions(db, dialect, items),
    MAX_COMPLETION_BATCH,
    isPerItemFailure,
  );
  return {
    lease: (request) => leaseForwards(db, dialect, request),
    complete: (completion) => completions.submit(completion),
    renew: (leases, until) => renewJobLeases(db, FORWARD_QUEUE, leases, until),
    release: (owner, now, unstarted) => releaseJobLeases(db, FORWARD_QUEUE, owner, now, unstarted),
    getJob: (eventId) => selectForwardJob(db, eventId),
    summaries: (eventIds) => selectForwardSummaries(db, eventIds),
    listAttempts: (eventId, page) => listForwardAttempts(db, eventId, page),
    redeliver: (eventId, connectionId, headers, now) =>
      redeliverForward(db, eventId, connectionId, headers, now),
    redeliverMany: (filter, now) => redeliverForwards(db, filter, now),
    deleteSecrets: (connectionId) => deleteForwardSecrets(db, connectionId),
  };
}
