import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';

/**
 * Migration 0005: what several instances on one database need to share work safely.
 * - `processing_jobs.lease_token`: each claim gets a token, so a worker whose claim was taken over (it
 *   stalled past its lease) can neither renew it nor commit a result over the new claimant's.
 * - `delivery_endpoint_limits`: one token-bucket row per rate-limited endpoint, updated under a row lock
 *   by whichever instance leases, so `rateLimit` holds for the whole cluster. No foreign key: the leasing
 *   transaction must never wait on an endpoint being deleted (rows of deleted endpoints are purged with
 *   retention).
 * - Partial indexes: live leases per endpoint (the cluster-wide `maxConcurrency`), and dead letters (the
 *   queue gauge), each covering only the few rows it counts.
 */
export function clusterLimitsMigration(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('processing_jobs').addColumn('lease_token', 'text').execute();
      await db.schema
        .createTable('delivery_endpoint_limits')
        .addColumn('endpoint_id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('tokens', 'double precision', (c) => c.notNull())
        .addColumn('refilled_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('delivery_jobs_leased_idx')
        .on('delivery_jobs')
        .column('endpoint_id')
        .where(sql.ref('lease_token'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('delivery_jobs_dead_idx')
        .on('delivery_jobs')
        .column('endpoint_id')
        .where(sql.ref('state'), '=', sql.lit('DEAD_LETTER'))
        .execute();
    },
  };
}
