import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { hasSqlState } from '../store-errors.ts';
import type { ProcessingJobsTable } from './processing-tables.ts';
import type { HeldJobLease, ProcessingBacklog, ProcessingJob, UnclaimedJob } from './processing-types.ts';

/** SQLite's extended code for a FOREIGN KEY constraint failure. */
const SQLITE_FOREIGN_KEY = 787;

/** True for a foreign-key violation (the event was deleted before it was claimed). */
function isForeignKeyViolation(error: unknown): boolean {
  if (hasSqlState(error, new Set(['23503']))) return true;
  return (
    typeof error === 'object' && error !== null && 'errcode' in error && error.errcode === SQLITE_FOREIGN_KEY
  );
}

/** Inserts job rows, skipping events already claimed; returns the event ids this call claimed. */
async function insertJobs(
  db: Kysely<Database>,
  rows: Insertable<ProcessingJobsTable>[],
): Promise<Set<string>> {
  const claimed = await db
    .insertInto('processing_jobs')
    .values(rows)
    .onConflict((conflict) => conflict.column('event_id').doNothing())
    .returning('event_id')
    .execute();
  return new Set(claimed.map((row) => row.event_id));
}

/**
 * Claims events nobody claimed yet (INSERT … ON CONFLICT DO NOTHING: the primary key decides between
 * racing workers and processes), `running` with one attempt under a fresh lease token. An event deleted
 * meanwhile is skipped.
 */
export async function claimNewJobs(
  db: Kysely<Database>,
  jobs: readonly UnclaimedJob[],
  leaseUntil: number,
): Promise<ProcessingJob[]> {
  if (jobs.length === 0) return [];
  const leaseToken = randomUUID();
  const rows = jobs.map((job) => ({
    event_id: job.eventId,
    history_id: job.historyId,
    connection_id: job.connectionId,
    state: 'running',
    attempts: 1,
    lease_until: leaseUntil,
    lease_token: leaseToken,
    finished_at: null,
  }));
  let claimed: Set<string>;
  try {
    claimed = await insertJobs(db, rows);
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
    claimed = new Set();
    for (const row of rows) {
      const one = await insertJobs(db, [row]).catch((failure: unknown) => {
        if (isForeignKeyViolation(failure)) return new Set<string>();
        throw failure;
      });
      for (const id of one) claimed.add(id);
    }
  }
  return jobs.filter((job) => claimed.has(job.eventId)).map((job) => ({ ...job, attempts: 1, leaseToken }));
}

/** The connections among `connectionIds` that have processing settings or a bound flow. */
export async function selectConnectionsInProcessing(
  db: Kysely<Database>,
  connectionIds: readonly string[],
): Promise<ReadonlySet<string>> {
  if (connectionIds.length === 0) return new Set();
  const ids = [...new Set(connectionIds)];
  const rows = await db
    .selectFrom('processing_settings')
    .select('connection_id')
    .where('connection_id', 'in', ids)
    .union(db.selectFrom('processing_flows').select('connection_id').where('connection_id', 'in', ids))
    .execute();
  return new Set(rows.map((row) => row.connection_id));
}

/**
 * Accepted events received at or after `since` without a job, oldest first — only of connections that take
 * part in processing (settings or a bound flow): plain gateway connections are never scanned.
 */
export async function selectUnclaimed(
  db: Kysely<Database>,
  since: number,
  limit: number,
): Promise<(UnclaimedJob & { receivedAt: number })[]> {
  const rows = await db
    .selectFrom('history as h')
    .leftJoin('processing_jobs as j', 'j.event_id', 'h.event_id')
    .select(['h.id', 'h.event_id', 'h.connection_id', 'h.received_at'])
    .where('h.outcome', '=', 'ACCEPTED')
    .where('h.received_at', '>=', since)
    .where('h.event_id', 'is not', null)
    .where('j.event_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb('h.connection_id', 'in', eb.selectFrom('processing_settings').select('connection_id')),
        eb('h.connection_id', 'in', eb.selectFrom('processing_flows').select('connection_id')),
      ]),
    )
    .orderBy('h.received_at')
    .orderBy('h.id')
    .limit(limit)
    .execute();
  return rows.flatMap((row) =>
    row.event_id === null
      ? []
      : [
          {
            eventId: row.event_id,
            historyId: row.id,
            connectionId: row.connection_id,
            receivedAt: row.received_at,
          },
        ],
  );
}

/**
 * Claims again running jobs whose lease expired before `now` (their worker died): each is taken by one
 * conditional UPDATE under a fresh lease token, so two reclaiming workers never both get it and the dead
 * worker's claim can no longer be renewed or finished.
 */
export async function reclaimExpiredJobs(
  db: Kysely<Database>,
  now: number,
  leaseUntil: number,
  limit: number,
): Promise<ProcessingJob[]> {
  const expired = await db
    .selectFrom('processing_jobs')
    .select('event_id')
    .where('state', '=', 'running')
    .where('lease_until', '<', now)
    .orderBy('lease_until')
    .limit(limit)
    .execute();
  const claimed: ProcessingJob[] = [];
  const leaseToken = randomUUID();
  for (const { event_id } of expired) {
    const row = await db
      .updateTable('processing_jobs')
      .set((eb) => ({ lease_until: leaseUntil, lease_token: leaseToken, attempts: eb('attempts', '+', 1) }))
      .where('event_id', '=', event_id)
      .where('state', '=', 'running')
      .where('lease_until', '<', now)
      .returning(['event_id', 'history_id', 'connection_id', 'attempts'])
      .executeTakeFirst();
    if (row === undefined) continue;
    const { history_id, connection_id, attempts } = row;
    claimed.push({
      eventId: event_id,
      historyId: history_id,
      connectionId: connection_id,
      attempts,
      leaseToken,
    });
  }
  return claimed;
}

/**
 * Extends running claims to `leaseUntil` (the worker's heartbeat); returns the event ids still held. A claim
 * whose token changed was reclaimed by another worker after it expired.
 */
export async function renewJobRows(
  db: Kysely<Database>,
  leases: readonly HeldJobLease[],
  leaseUntil: number,
): Promise<ReadonlySet<string>> {
  if (leases.length === 0) return new Set();
  const rows = await db
    .updateTable('processing_jobs')
    .set({ lease_until: leaseUntil })
    .where('state', '=', 'running')
    .where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple('event_id', 'lease_token'),
        'in',
        leases.map((lease) => tuple(lease.eventId, lease.leaseToken)),
      ),
    )
    .returning('event_id')
    .execute();
  return new Set(rows.map((row) => row.event_id));
}

/** Running claims split by whether their lease is live at `now` (through the `state, lease_until` index). */
export async function countBacklog(db: Kysely<Database>, now: number): Promise<ProcessingBacklog> {
  const count = async (live: boolean): Promise<number> => {
    const row = await db
      .selectFrom('processing_jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('state', '=', 'running')
      .where('lease_until', live ? '>=' : '<', now)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  const [running, expired] = await Promise.all([count(true), count(false)]);
  return { running, expired };
}

/** The persisted scan floor, or null before the first scan. */
export async function selectScanFloor(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('processing_cursor')
    .select('at')
    .where('name', '=', 'scan_floor')
    .executeTakeFirst();
  return row?.at ?? null;
}

/** Stores the scan floor (upsert). */
export async function upsertScanFloor(db: Kysely<Database>, at: number): Promise<void> {
  await db
    .insertInto('processing_cursor')
    .values({ name: 'scan_floor', at })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ at }))
    .execute();
}
