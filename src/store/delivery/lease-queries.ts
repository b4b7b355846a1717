import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import type {
  HeldDeliveryLease,
  LeaseCandidate,
  LeasedDelivery,
  LeaseRequest,
  QueueDepth,
} from './delivery-inputs.ts';
import type { EndpointRecord, MessageRecord } from './delivery-records.ts';
import { toDelivery, toEndpoint, toMessage } from './delivery-rows.ts';
import { type LimitedEndpoint, readSharedLimits } from './endpoint-limit-queries.ts';

/** Candidates read per leased slot, so endpoints at their limit do not starve the others in one round. */
const OVERFETCH = 2;

/**
 * Picks due deliveries and leases them in one transaction: `due_at` moves to `now + leaseMs` (a crashed
 * worker's job is due again then), `attempts` counts the attempt, and a fresh `lease_token` fences any
 * late completion of an older lease. PostgreSQL locks the candidates `FOR UPDATE SKIP LOCKED`, so several
 * processes never lease the same row, and applies the endpoints' explicit rate and in-flight limits for the
 * whole cluster (`readSharedLimits`); SQLite's single writer (`BEGIN IMMEDIATE`) serializes leasing, and
 * its one process limits endpoints in memory (`request.admit`).
 */
async function leaseRows(db: Kysely<Database>, dialect: StoreDialect, request: LeaseRequest) {
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('delivery_jobs as j')
      .innerJoin('delivery_endpoints as e', 'e.id', 'j.endpoint_id')
      .select(['j.id', 'j.endpoint_id', 'e.max_concurrency', 'e.rate_limit'])
      .where('j.due_at', '<=', request.now)
      .orderBy('j.due_at')
      .limit(request.limit * OVERFETCH);
    if (request.excludeEndpoints.length > 0) {
      query = query.where('j.endpoint_id', 'not in', [...request.excludeEndpoints]);
    }
    if (dialect === 'postgres') query = query.forUpdate('j').skipLocked();
    const candidates = await query.execute();
    const limited = new Map<string, LimitedEndpoint>();
    for (const row of candidates) {
      if (dialect !== 'postgres' || (row.rate_limit === null && row.max_concurrency === null)) continue;
      const { endpoint_id: endpointId, rate_limit: rateLimit, max_concurrency: maxConcurrency } = row;
      limited.set(endpointId, { endpointId, rateLimit, maxConcurrency });
    }
    const shared = await readSharedLimits(trx, [...limited.values()], request.now);
    const chosen: string[] = [];
    for (const row of candidates) {
      if (chosen.length >= request.limit) break;
      if (!shared.allows(row.endpoint_id)) {
        request.limited?.(row.endpoint_id, shared.retryAt(row.endpoint_id));
        continue;
      }
      const candidate: LeaseCandidate = {
        deliveryId: row.id,
        endpointId: row.endpoint_id,
        maxConcurrency: row.max_concurrency,
        rateLimit: row.rate_limit,
      };
      if (request.admit(candidate)) {
        chosen.push(row.id);
        shared.take(row.endpoint_id);
      }
    }
    if (chosen.length === 0) return { token: '', rows: [] };
    await shared.save();
    const token = randomUUID();
    const rows = await trx
      .updateTable('delivery_jobs')
      .set((eb) => ({
        lease_token: token,
        lease_owner: request.owner,
        due_at: request.now + request.leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: request.now,
      }))
      .where('id', 'in', chosen)
      .returningAll()
      .execute();
    return { token, rows };
  });
}

/** Leases due deliveries and loads their messages and endpoints. */
export async function leaseDue(
  db: Kysely<Database>,
  dialect: StoreDialect,
  request: LeaseRequest,
): Promise<readonly LeasedDelivery[]> {
  if (request.limit <= 0) return [];
  const { token, rows } = await leaseRows(db, dialect, request);
  if (rows.length === 0) return [];
  const messageIds = [...new Set(rows.map((row) => row.message_id))];
  const endpointIds = [...new Set(rows.map((row) => row.endpoint_id))];
  const [messageRows, endpointRows] = await Promise.all([
    db.selectFrom('delivery_messages').selectAll().where('id', 'in', messageIds).execute(),
    db.selectFrom('delivery_endpoints').selectAll().where('id', 'in', endpointIds).execute(),
  ]);
  const messages = new Map<string, MessageRecord>(messageRows.map((row) => [row.id, toMessage(row)]));
  const endpoints = new Map<string, EndpointRecord>(endpointRows.map((row) => [row.id, toEndpoint(row)]));
  const leased: LeasedDelivery[] = [];
  for (const row of rows) {
    const message = messages.get(row.message_id);
    const endpoint = endpoints.get(row.endpoint_id);
    // Deleted between the lease and the read: the cascade removed the job as well.
    if (message === undefined || endpoint === undefined) continue;
    leased.push({ delivery: toDelivery(row), leaseToken: token, message, endpoint });
  }
  return leased;
}

/** Makes the unfinished leases of `owner` due now (graceful stop), keeping their attempt counts. */
export async function releaseLeases(db: Kysely<Database>, owner: string, now: number): Promise<number> {
  const result = await db
    .updateTable('delivery_jobs')
    .set({ due_at: now, lease_token: null, lease_owner: null, updated_at: now })
    .where('lease_owner', '=', owner)
    .where('lease_token', 'is not', null)
    .where('due_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Extends the given leases to `until` (the worker's heartbeat) and returns the ids still held: a lease whose
 * token changed was taken over by another worker after it expired, and must not be completed by this one.
 */
export async function renewLeases(
  db: Kysely<Database>,
  leases: readonly HeldDeliveryLease[],
  until: number,
): Promise<ReadonlySet<string>> {
  if (leases.length === 0) return new Set();
  const rows = await db
    .updateTable('delivery_jobs')
    .set({ due_at: until })
    .where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple('id', 'lease_token'),
        'in',
        leases.map((lease) => tuple(lease.deliveryId, lease.leaseToken)),
      ),
    )
    .returning('id')
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Counts the queue by state: unfinished rows through the due index, dead letters through their partial index. */
export async function countQueue(db: Kysely<Database>): Promise<QueueDepth> {
  const [unfinished, dead] = await Promise.all([
    db
      .selectFrom('delivery_jobs')
      .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
      .where('due_at', 'is not', null)
      .groupBy('state')
      .execute(),
    db
      .selectFrom('delivery_jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('state', '=', 'DEAD_LETTER')
      .executeTakeFirstOrThrow(),
  ]);
  const of = (state: string): number => Number(unfinished.find((row) => row.state === state)?.count ?? 0);
  return { pending: of('PENDING'), retrying: of('FAILED'), dead: Number(dead.count) };
}
