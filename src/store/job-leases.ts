import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import type { LeasedJobColumns } from './job-columns.ts';

/**
 * The leased work queues: outbound deliveries (`delivery_jobs`, keyed by `id`) and forwards
 * (`forward_jobs`, keyed by `event_id`). Both share the lease columns below, and this module is their one
 * lease implementation: a worker takes due rows, renews them while their request runs (heartbeat), and
 * gives them back when it stops.
 */
export type JobQueue =
  | { readonly table: 'delivery_jobs'; readonly key: 'id' }
  | { readonly table: 'forward_jobs'; readonly key: 'event_id' };

/** The outbound delivery queue. */
export const DELIVERY_QUEUE = { table: 'delivery_jobs', key: 'id' } as const;

/** The forwarding queue. */
export const FORWARD_QUEUE = { table: 'forward_jobs', key: 'event_id' } as const;

/** Candidates read per leased slot, so destinations at their limit do not starve the others in one round. */
export const OVERFETCH = 2;

/** A lease as a worker holds it: the job's key and the token that fences it. */
export interface JobLease {
  readonly id: string;
  readonly token: string;
}

/** Who leases, and for how long. */
export interface LeaseTerms {
  readonly now: number;
  readonly leaseMs: number;
  readonly owner: string;
}

/**
 * The lease columns of a queue row. Kysely types each table by its own columns; the queries here touch only
 * the ones every queue has, so they see a queue table through this shape (both key names present, one used).
 */
interface LeaseColumns extends LeasedJobColumns {
  id: string;
  event_id: string;
}

type QueueView = Kysely<Record<JobQueue['table'], LeaseColumns>>;

const view = (db: Kysely<Database> | Transaction<Database>): QueueView => db as unknown as QueueView;

/**
 * Picks due jobs and leases them in one transaction. `pick` runs inside it and returns the keys to take
 * (it selects the candidates — `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several instances never lease the
 * same row; SQLite's single writer serializes leasing — and applies the destinations' limits). The chosen
 * rows' `due_at` moves to the lease's expiry (a crashed worker's job is due again then), `attempts` counts
 * the attempt, and a fresh `lease_token` fences any late completion of an older lease.
 */
export async function leaseJobs<Q extends JobQueue>(
  db: Kysely<Database>,
  queue: Q,
  terms: LeaseTerms,
  pick: (trx: Transaction<Database>) => Promise<readonly string[]>,
): Promise<{ readonly token: string; readonly rows: readonly Selectable<Database[Q['table']]>[] }> {
  return db.transaction().execute(async (trx) => {
    const chosen = await pick(trx);
    if (chosen.length === 0) return { token: '', rows: [] };
    const token = randomUUID();
    const rows = await view(trx)
      .updateTable(queue.table)
      .set((eb) => ({
        lease_token: token,
        lease_owner: terms.owner,
        due_at: terms.now + terms.leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: terms.now,
      }))
      .where(queue.key, 'in', [...chosen])
      .returningAll()
      .execute();
    // The view returned the whole rows of `queue.table`.
    return { token, rows: rows as unknown as Selectable<Database[Q['table']]>[] };
  });
}

/**
 * Extends the given leases to `until` (the worker's heartbeat) and returns the keys still held: a lease whose
 * token changed was taken over by another worker after it expired, and must not be completed by this one.
 */
export async function renewJobLeases(
  db: Kysely<Database>,
  queue: JobQueue,
  leases: readonly JobLease[],
  until: number,
): Promise<ReadonlySet<string>> {
  if (leases.length === 0) return new Set();
  const rows = await view(db)
    .updateTable(queue.table)
    .set({ due_at: until })
    .where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple(queue.key, 'lease_token'),
        'in',
        leases.map((lease) => tuple(lease.id, lease.token)),
      ),
    )
    .returning(queue.key)
    .execute();
  return new Set(rows.map((row) => (queue.key === 'id' ? row.id : row.event_id)));
}

/**
 * Makes the unfinished leases of `owner` due now (graceful stop). `unstarted` are leases whose attempt never
 * began (work waiting in the worker's memory): their lease did not count an attempt, so `attempts` goes back
 * by one; the others keep their count (the request may have gone out). Returns how many were released.
 */
export async function releaseJobLeases(
  db: Kysely<Database>,
  queue: JobQueue,
  owner: string,
  now: number,
  unstarted: readonly JobLease[] = [],
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let released = 0;
    if (unstarted.length > 0) {
      const result = await view(trx)
        .updateTable(queue.table)
        .set((eb) => ({
          due_at: now,
          lease_token: null,
          lease_owner: null,
          attempts: eb('attempts', '-', 1),
          updated_at: now,
        }))
        .where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple(queue.key, 'lease_token'),
            'in',
            unstarted.map((lease) => tuple(lease.id, lease.token)),
          ),
        )
        .where('lease_owner', '=', owner)
        .where('due_at', 'is not', null)
        .executeTakeFirst();
      released += Number(result.numUpdatedRows);
    }
    const result = await view(trx)
      .updateTable(queue.table)
      .set({ due_at: now, lease_token: null, lease_owner: null, updated_at: now })
      .where('lease_owner', '=', owner)
      .where('lease_token', 'is not', null)
      .where('due_at', 'is not', null)
      .executeTakeFirst();
    return released + Number(result.numUpdatedRows);
  });
}
