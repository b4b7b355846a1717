import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import type { LeaseCandidate, LeasedDelivery, LeaseRequest } from './delivery-inputs.ts';
import type { EndpointRecord, MessageRecord } from './delivery-records.ts';
import { toDelivery, toEndpoint, toMessage } from './delivery-rows.ts';

/** Candidates read per leased slot, so endpoints at their limit do not starve the others in one round. */
const OVERFETCH = 2;

/**
 * Picks due deliveries and leases them in one transaction: `due_at` moves to `now + leaseMs` (a crashed
 * worker's job is due again then), `attempts` counts the attempt, and a fresh `lease_token` fences any
 * late completion of an older lease. PostgreSQL locks the candidates `FOR UPDATE SKIP LOCKED`, so several
 * processes never lease the same row; SQLite's single writer (`BEGIN IMMEDIATE`) serializes leasing.
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
    const chosen: string[] = [];
    for (const row of candidates) {
      if (chosen.length >= request.limit) break;
      const candidate: LeaseCandidate = {
        deliveryId: row.id,
        endpointId: row.endpoint_id,
        maxConcurrency: row.max_concurrency,
        rateLimit: row.rate_limit,
      };
      if (request.admit(candidate)) chosen.push(row.id);
    }
    if (chosen.length === 0) return { token: '', rows: [] };
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
