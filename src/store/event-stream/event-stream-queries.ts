import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import { toEventRecord } from '../row-mappers.ts';
import type {
  EventStreamBatch,
  EventStreamFilter,
  EventStreamPosition,
  EventStreamStore,
} from './event-stream-types.ts';

/** SQLite has no transaction ids in the stream: every row's `tx_id` is 0. */
const SQLITE_TX = '0';

/** A row's transaction id as decimal text (`xid8` has no JavaScript type; SQLite's is 0). */
const TX_TEXT = sql<string>`cast(tx_id as text)`;

/**
 * PostgreSQL: the oldest transaction still running. Every transaction older than it has ended, so its rows
 * are settled: none can still appear behind a cursor that passed them.
 */
const SETTLED_BELOW = sql`pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * The event stream over Kysely, for either dialect (see `EventStreamStore` for the ordering rules): read
 * from `events` itself, whose rows carry their stream position (`seq`, `tx_id`; migration 0014).
 */
export function createEventStreamStore(db: Kysely<Database>, dialect: StoreDialect): EventStreamStore {
  const postgres = dialect === 'postgres';

  async function headPosition(): Promise<EventStreamPosition> {
    if (postgres) {
      const { rows } = await sql<{ tx: string; snapshot: string }>`
        select cast(pg_snapshot_xmin(now_snapshot) as text) as tx, cast(now_snapshot as text) as snapshot
        from (select pg_current_snapshot() as now_snapshot) as taken`.execute(db);
      const row = rows[0];
      if (row === undefined) throw new Error('pg_current_snapshot() returned no row');
      return { tx: row.tx, seq: 0, committedBefore: row.snapshot };
    }
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return { tx: SQLITE_TX, seq: Number(row?.seq ?? 0) };
  }

  async function positionAfter(eventId: string): Promise<EventStreamPosition | null> {
    const row = await db
      .selectFrom('events')
      .select([TX_TEXT.as('tx'), 'seq'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    return row === undefined ? null : { tx: row.tx, seq: Number(row.seq) };
  }

  async function positionSince(since: number): Promise<EventStreamPosition> {
    if (postgres) {
      // Before the first stored event received since then, and before every transaction still running
      // (they may hold such events too); `least` ignores the NULL of "no such event".
      const { rows } = await sql<{ tx: string }>`
        select cast(least(
          (select tx_id from events where received_at >= ${since} order by tx_id limit 1),
          ${SETTLED_BELOW}
        ) as text) as tx`.execute(db);
      const row = rows[0];
      if (row === undefined) throw new Error('positionSince returned no row');
      return { tx: row.tx, seq: 0 };
    }
    // Through the receipt-time index (whose entries hold the rowid, `seq`): left to itself SQLite walks the
    // table in `seq` order until an event matches, reading every (wide) event row received before `since`.
    const { rows } = await sql<{ seq: number | null }>`
      select min(seq) as seq from events indexed by events_received_idx where received_at >= ${since}`.execute(
      db,
    );
    const first = rows[0]?.seq;
    if (first === null || first === undefined) return headPosition();
    return { tx: SQLITE_TX, seq: Number(first) - 1 };
  }

  async function read(
    position: EventStreamPosition,
    filter: EventStreamFilter,
    limit: number,
  ): Promise<EventStreamBatch> {
    let query = db.selectFrom('events').selectAll().select(TX_TEXT.as('stream_tx'));
    if (postgres) {
      query = query
        .where(sql<SqlBool>`(tx_id, seq) > (cast(${position.tx} as xid8), ${position.seq})`)
        .where(sql<SqlBool>`tx_id < ${SETTLED_BELOW}`)
        .orderBy('tx_id')
        .orderBy('seq');
      if (position.committedBefore !== undefined) {
        query = query.where(
          sql<SqlBool>`not pg_visible_in_snapshot(tx_id, cast(${position.committedBefore} as pg_snapshot))`,
        );
      }
    } else {
      query = query.where('seq', '>', position.seq).orderBy('seq');
    }
    const connectionIds = filter.connectionIds ?? [];
    if (connectionIds.length > 0) query = query.where('connection_id', 'in', [...connectionIds]);
    if (filter.since !== undefined) query = query.where('received_at', '>=', filter.since);
    const rows = await query.limit(limit).execute();
    const last = rows.at(-1);
    return {
      events: rows.map(toEventRecord),
      next:
        last === undefined
          ? position
          : { tx: last.stream_tx, seq: Number(last.seq), committedBefore: position.committedBefore },
    };
  }

  return { headPosition, positionAfter, positionSince, read };
}
