import { type Kysely, sql } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import { FORWARD_QUEUE, leaseJobs, OVERFETCH } from '../job-leases.ts';
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
 * (the request may have been sent), unless the job no longer exists. A batch costs the same few statements
 * whatever its size (the jobs' tokens read — locked on PostgreSQL — then one UPDATE … FROM VALUES, one
 * INSERT): completions arrive at the forwarding rate, and one statement each made them the slow part.
 */
export async function commitForwardCompletions(
  db: Kysely<Database>,
  dialect: StoreDialect,
  completions: readonly ForwardCompletion[],
): Promise<readonly ('applied' | 'lease_lost')[]> {
  if (completions.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('forward_jobs')
      .select(['event_id', 'lease_token'])
      .where('event_id', 'in', [...new Set(completions.map((c) => c.eventId))])
      .orderBy('event_id');
    if (dialect === 'postgres') query = query.forUpdate();
    const tokens = new Map((await query.execute()).map((row) => [row.event_id, row.lease_token]));
    const applied = new Set<ForwardCompletion>();
    for (const c of completions) {
      // One completion per lease: a second one under the same token (never expected) is fenced out too.
      if (tokens.get(c.eventId) !== c.leaseToken) continue;
      applied.add(c);
      tokens.set(c.eventId, null);
    }
    if (applied.size > 0) {
      const values = sql.join(
        [...applied].map(
          (c) =>
            sql`(${c.eventId}, ${c.leaseToken}, ${c.state}, cast(${c.dueAt} as bigint), cast(${c.lastStatus} as integer), cast(${withoutNulOrNull(c.lastError)} as text), cast(${c.now} as bigint))`,
        ),
      );
      await sql`with v (event_id, lease_token, state, due_at, last_status, last_error, updated_at) as (values ${values})
        update forward_jobs set state = v.state, due_at = v.due_at, lease_token = null, lease_owner = null,
          last_status = v.last_status, last_error = v.last_error, updated_at = v.updated_at
        from v where forward_jobs.event_id = v.event_id and forward_jobs.lease_token = v.lease_token`.execute(
        trx,
      );
    }
    const alive = new Set(tokens.keys());
    const rows = completions.flatMap((c) =>
      c.attempt !== null && alive.has(c.attempt.eventId) ? [fromForwardAttempt(c.attempt)] : [],
    );
    if (rows.length > 0) await trx.insertInto('forward_attempts').values(rows).execute();
    return completions.map((c) => (applied.has(c) ? 'applied' : 'lease_lost'));
  });
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
