import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import { DELIVERY_QUEUE, leaseJobs, OVERFETCH } from '../job-leases.ts';
import type { LeaseCandidate, LeasedDelivery, LeaseRequest, QueueDepth } from './delivery-inputs.ts';
import type { EndpointRecord, MessageRecord } from './delivery-records.ts';
import { toDelivery, toEndpoint, toMessage } from './delivery-rows.ts';
import { type LimitedEndpoint, readSharedLimits } from './endpoint-limit-queries.ts';

/**
 * Leases due deliveries (job-leases.ts). On PostgreSQL the candidates are locked `FOR UPDATE SKIP LOCKED` and
 * the endpoints' explicit rate and in-flight limits are applied for the whole cluster (`readSharedLimits`);
 * SQLite's one process limits endpoints in memory (`request.admit`).
 */
async function leaseRows(db: Kysely<Database>, dialect: StoreDialect, request: LeaseRequest) {
  return leaseJobs(db, DELIVERY_QUEUE, request, async (trx) => {
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
    if (chosen.length > 0) await shared.save();
    return chosen;
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
