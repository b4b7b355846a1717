import type { Generated } from 'kysely';

/**
 * An event's place in the event stream: columns of its `events` row (migration 0014), assigned when the
 * row is inserted, in the order events are to be streamed: by (`tx_id`, `seq`).
 */
export interface EventStreamColumns {
  /**
   * Assigned on insert: SQLite the rowid (`INTEGER PRIMARY KEY AUTOINCREMENT`, never reused), PostgreSQL an
   * identity column.
   */
  seq: Generated<number>;
  /**
   * PostgreSQL: the inserting transaction's id (`xid8`, read as decimal text); SQLite: always 0 (a virtual
   * column, not stored), since SQLite commits one write transaction at a time, so `seq` alone is commit
   * order there.
   */
  tx_id: Generated<string | number>;
}
