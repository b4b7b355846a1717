import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import {
  FORWARD_QUEUE,
  type JobLease,
  leaseJobs,
  OVERFETCH,
  releaseJobLeases,
  renewJobLeases,
} from '../job-leases.ts';
import { newestFirstPage } from '../newest-first.ts';
import { withoutNulOrNull } from '../row-mappers.ts';
import {
  fromForwardAttempt,
  newForwardJobRow,
  toForwardAttempt,
  toForwardJob,
  toForwardState,
} from './forward-rows.ts';
import type {
  ForwardAttemptRecord,
  ForwardCompletion,
  ForwardLeaseRequest,
  ForwardSettings,
  ForwardSummary,
  LeasedForward,
  RedeliverFilter,
} from './forward-types.ts';

/**
 * Leases due forwards (job-leases.ts: `FOR UPDATE SKIP LOCKED` on PostgreSQL, fenced by a fresh token),
 * admitting candidates per connection through `request.admit`.
 */
export async function leaseForwards(
  db: Kysely<Database>,
  dialect: StoreDialect,
  request: ForwardLeaseRequest,
): Promise<readonly LeasedForward[]> {
  if (request.limit <= 0) return [];
  const { token, rows } = await leaseJobs(db, FORWARD_QUEUE, request, async (trx) => {
    let query = trx
      .selectFrom('forward_jobs')
      .select(['event_id', 'connection_id'])
      .where('due_at', '<=', request.now)
      .orderBy('due_at')
      .limit(request.limit * OVERFETCH);
    if (request.excludeConnections.length > 0) {
      query = query.where('connection_id', 'not in', [...request.excludeConnections]);
    }
    if (dialect === 'postgres') query = query.forUpdate().skipLocked();
    const candidates = await query.execute();
    const chosen: string[] = [];
    for (const row of candidates) {
      if (chosen.length >= request.limit) break;
      if (request.admit({ eventId: row.event_id, connectionId: row.connection_id }))
        chosen.push(row.event_id);
    }
    return chosen;
  });
  if (rows.length === 0) return [];
  const [events, connections] = await Promise.all([
    db
      .selectFrom('events')
      .select(['id', 'body', 'content_type'])
      .where(
        'id',
        'in',
        rows.map((row) => row.event_id),
      )
      .execute(),
    db
      .selectFrom('connections')
      .select(['id', 'forward'])
      .where('id', 'in', [...new Set(rows.map((row) => row.connection_id))])
      .execute(),
  ]);
  const byId = new Map(events.map((event) => [event.id, event]));
  const settingsOf = new Map(
    connections.map((c) => [c.id, c.forward === null ? null : (JSON.parse(c.forward) as ForwardSettings)]),
  );
  const out: LeasedForward[] = [];
  for (const row of rows) {
    const event = byId.get(row.event_id);
    // Purged between the lease and the read: the cascade removed the job as well.
    if (event === undefined) continue;
    out.push({
      job: toForwardJob(row),
      leaseToken: token,
      settings: settingsOf.get(row.connection_id) ?? null,
      body: new Uint8Array(event.body),
      contentType: event.content_type,
    });
  }
  return out;
}

/**
 * Commits completions in one transaction, each fenced by its lease token: a job whose lease was taken
 * over (redelivery, expiry) is left alone and answers `lease_lost`. The attempt is recorded either way
 * (the request may have been sent), unless the job no longer exists.
 */
export async function commitForwardCompletions(
  db: Kysely<Database>,
  completions: readonly ForwardCompletion[],
): Promise<readonly ('applied' | 'lease_lost')[]> {
  return db.transaction().execute(async (trx) => {
    const results: ('applied' | 'lease_lost')[] = [];
    const attempts: ForwardAttemptRecord[] = [];
    for (const c of completions) {
      const updated = await trx
        .updateTable('forward_jobs')
        .set({
          state: c.state,
          due_at: c.dueAt,
          lease_token: null,
          lease_owner: null,
          last_status: c.lastStatus,
          last_error: withoutNulOrNull(c.lastError),
          updated_at: c.now,
        })
        .where('event_id', '=', c.eventId)
        .where('lease_token', '=', c.leaseToken)
        .executeTakeFirst();
      const applied = updated.numUpdatedRows > 0n;
      results.push(applied ? 'applied' : 'lease_lost');
      if (c.attempt !== null) attempts.push(c.attempt);
    }
    if (attempts.length > 0) {
      const existing = await trx
        .selectFrom('forward_jobs')
        .select('event_id')
        .where(
          'event_id',
          'in',
          attempts.map((a) => a.eventId),
        )
        .execute();
      const alive = new Set(existing.map((row) => row.event_id));
      const rows = attempts.filter((a) => alive.has(a.eventId)).map(fromForwardAttempt);
      if (rows.length > 0) await trx.insertInto('forward_attempts').values(rows).execute();
    }
    return results;
  });
}

/** Makes the unfinished leases of `owner` due now (graceful stop); `unstarted` leases give their attempt back. */
export function releaseForwardLeases(
  db: Kysely<Database>,
  owner: string,
  now: number,
  unstarted: readonly JobLease[] = [],
): Promise<number> {
  return releaseJobLeases(db, FORWARD_QUEUE, owner, now, unstarted);
}

/** Extends the given leases to `until` (heartbeat); returns the event ids still held by their token. */
export function renewForwardLeases(
  db: Kysely<Database>,
  leases: readonly JobLease[],
  until: number,
): Promise<ReadonlySet<string>> {
  return renewJobLeases(db, FORWARD_QUEUE, leases, until);
}

/** Summaries of the forwards of `eventIds` (one query; events without a job are absent). */
export async function selectForwardSummaries(
  db: Kysely<Database>,
  eventIds: readonly string[],
): Promise<ReadonlyMap<string, ForwardSummary>> {
  const ids = [...new Set(eventIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('forward_jobs')
    .select(['event_id', 'state', 'attempts', 'last_status'])
    .where('event_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((row) => [
      row.event_id,
      { status: toForwardState(row.state), attempts: row.attempts, lastStatusCode: row.last_status },
    ]),
  );
}

/** One job by event id, or null. */
export async function selectForwardJob(db: Kysely<Database>, eventId: string) {
  const row = await db
    .selectFrom('forward_jobs')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row === undefined ? null : toForwardJob(row);
}

/** An event's attempts, newest first. */
export function listForwardAttempts(
  db: Kysely<Database>,
  eventId: string,
  page: { cursor?: string | undefined; limit: number },
) {
  const query = db.selectFrom('forward_attempts').selectAll().where('event_id', '=', eventId);
  return newestFirstPage(query, 'created_at', page, toForwardAttempt);
}

/** The columns that queue a job again now, as a new retry cycle (fencing any lease still out). */
const requeue = (now: number) =>
  ({
    state: 'pending',
    due_at: now,
    lease_token: null,
    lease_owner: null,
    updated_at: now,
  }) as const;

/**
 * Queues an event's forward again now; creates the job when the event has none (accepted before
 * forwarding was turned on). False when the event does not exist.
 */
export async function redeliverForward(
  db: Kysely<Database>,
  eventId: string,
  connectionId: string,
  headers: Readonly<Record<string, string>>,
  now: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('forward_jobs')
      .set((eb) => ({ ...requeue(now), schedule_base: eb.ref('attempts') }))
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (updated.numUpdatedRows > 0n) return true;
    const event = await trx.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
    if (event === undefined) return false;
    await trx
      .insertInto('forward_jobs')
      .values(newForwardJobRow(eventId, connectionId, headers, now))
      .execute();
    return true;
  });
}

/** Queues again every forward of the connection matching the filter; returns how many. */
export async function redeliverForwards(
  db: Kysely<Database>,
  filter: RedeliverFilter,
  now: number,
): Promise<number> {
  let query = db
    .updateTable('forward_jobs')
    .set((eb) => ({ ...requeue(now), schedule_base: eb.ref('attempts') }))
    .where('connection_id', '=', filter.connectionId);
  if (filter.status === 'failed') query = query.where('state', 'in', ['failed', 'dead']);
  if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes a connection's forwarding secret versions. */
export async function deleteForwardSecrets(db: Kysely<Database>, connectionId: string): Promise<void> {
  await db.deleteFrom('delivery_secrets').where('owner_id', '=', connectionId).execute();
}
