import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, StoreDialect } from './database-schema.ts';
import type { DeliverySecretRecord } from './delivery/delivery-records.ts';
import { fromSecret, toSecret } from './delivery/delivery-rows.ts';
import { fromSecretRecord, toSecretRecord } from './row-mappers.ts';
import type { SecretVersionRecord } from './types.ts';

/**
 * Credential versioning, once for every owner of credentials: connections keep theirs in `secret_versions`
 * (owner column `connection_id`), applications, endpoints and forwarding connections in `delivery_secrets`
 * (owner column `owner_id`). Both tables have the same life cycle — the current version has no expiry, a
 * rotation retires the active versions at `retireAt` and inserts the next one, a reseal rewrites the
 * material — so one implementation serves both; each table is described by a `CredentialTable`.
 */

/** The tables that hold credential versions. */
export type CredentialTableName = 'secret_versions' | 'delivery_secrets';

/** The owner column of each credential table. */
interface OwnerColumns {
  readonly secret_versions: 'connection_id';
  readonly delivery_secrets: 'owner_id';
}

/** A stored credential version as the shared code needs it, whatever its table. */
export interface CredentialVersion {
  readonly id: string;
  readonly material: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
}

/** One credential table: its name, its owner column, its mappers, and who may own a version. */
export interface CredentialTable<T extends CredentialTableName, R extends CredentialVersion> {
  readonly table: T;
  readonly ownerColumn: OwnerColumns[T];
  /** The owner of a version record. */
  ownerOf(record: R): string;
  toRecord(row: Selectable<Database[T]>): R;
  toRow(record: R): Insertable<Database[T]>;
  /** A table whose row must exist for a rotation to be accepted (connections); absent = any owner id. */
  readonly ownerTable?: 'connections';
}

/** Connections' inbound credentials: a rotation needs the connection to exist. */
export const CONNECTION_SECRETS: CredentialTable<'secret_versions', SecretVersionRecord> = {
  table: 'secret_versions',
  ownerColumn: 'connection_id',
  ownerOf: (record) => record.connectionId,
  toRecord: toSecretRecord,
  toRow: fromSecretRecord,
  ownerTable: 'connections',
};

/** Outbound credentials of applications and endpoints, and forwarding secrets (owner = the connection). */
export const DELIVERY_SECRETS: CredentialTable<'delivery_secrets', DeliverySecretRecord> = {
  table: 'delivery_secrets',
  ownerColumn: 'owner_id',
  ownerOf: (record) => record.ownerId,
  toRecord: toSecret,
  toRow: fromSecret,
};

/**
 * The columns the shared queries touch, the same in every credential table. The owner column has a
 * different name per table; both names are listed so the queries type-check with either.
 */
type VersionColumns = {
  id: string;
  material: string;
  created_at: number;
  expires_at: number | null;
} & Record<OwnerColumns[CredentialTableName], string>;

/** The credential tables as the shared queries see them (a view of `Database`, same tables and columns). */
type CredentialDatabase = Record<CredentialTableName, VersionColumns>;

/** The operations on one credential table, bound to a database. */
export interface CredentialVersions<R extends CredentialVersion> {
  /** Versions of each owner not expired at `now` (expiry is exclusive), newest first; owners without any are absent. */
  active(ownerIds: readonly string[], now: number): Promise<ReadonlyMap<string, R[]>>;
  /**
   * Rotation in one transaction: versions active at `now` whose expiry is later than `retireAt` (or absent)
   * now expire at `retireAt`, then `next` is inserted. Concurrent rotations of one owner run one after the
   * other: PostgreSQL takes a transaction advisory lock on (table, owner); SQLite transactions are
   * serialized by BEGIN IMMEDIATE already. Rejects when `next` belongs to another owner, and, for a table
   * with an owner table, when the owner does not exist (nothing is written then).
   */
  rotate(ownerId: string, next: R, now: number, retireAt: number): Promise<void>;
  /** Every version, grouped by owner, oldest first (master-key re-encryption). */
  all(): Promise<readonly R[]>;
  /** Replaces the material of one version (re-encryption under a new master key). */
  setMaterial(id: string, material: string): Promise<void>;
}

/** Binds the credential-version operations of `spec`'s table to `db`. */
export function credentialVersions<T extends CredentialTableName, R extends CredentialVersion>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  spec: CredentialTable<T, R>,
): CredentialVersions<R> {
  // The one place the table is generic: the queries below only use the columns every credential table has.
  const versions = db as unknown as Kysely<CredentialDatabase>;
  const table: CredentialTableName = spec.table;
  const ownerColumn: OwnerColumns[CredentialTableName] = spec.ownerColumn;
  const toRecord = (row: VersionColumns): R => spec.toRecord(row as unknown as Selectable<Database[T]>);
  const toRow = (record: R): VersionColumns => spec.toRow(record) as unknown as VersionColumns;

  return {
    async active(ownerIds, now) {
      const byOwner = new Map<string, R[]>();
      if (ownerIds.length === 0) return byOwner;
      const rows = await versions
        .selectFrom(table)
        .selectAll()
        .where(ownerColumn, 'in', [...new Set(ownerIds)])
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      for (const row of rows) {
        const owner = row[ownerColumn];
        const list = byOwner.get(owner) ?? [];
        list.push(toRecord(row));
        byOwner.set(owner, list);
      }
      return byOwner;
    },

    async rotate(ownerId, next, now, retireAt) {
      if (spec.ownerOf(next) !== ownerId) {
        throw new Error(`secret ${next.id} belongs to ${spec.ownerOf(next)}, not to ${ownerId}`);
      }
      const expiresAfter = Math.max(now, retireAt);
      await versions.transaction().execute(async (trx) => {
        if (dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(hashtext(${`${table}:${ownerId}`}))`.execute(trx);
        }
        if (spec.ownerTable !== undefined) {
          const owner = await (trx as unknown as Kysely<Database>)
            .selectFrom(spec.ownerTable)
            .select('id')
            .where('id', '=', ownerId)
            .executeTakeFirst();
          if (owner === undefined) throw new Error(`${ownerId} does not exist in ${spec.ownerTable}`);
        }
        await trx
          .updateTable(table)
          .set({ expires_at: retireAt })
          .where(ownerColumn, '=', ownerId)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', expiresAfter)]))
          .execute();
        await trx.insertInto(table).values(toRow(next)).execute();
      });
    },

    async all() {
      const rows = await versions
        .selectFrom(table)
        .selectAll()
        .orderBy(ownerColumn)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async setMaterial(id, material) {
      await versions.updateTable(table).set({ material }).where('id', '=', id).execute();
    },
  };
}
