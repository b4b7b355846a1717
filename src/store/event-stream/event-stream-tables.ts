import type { Generated } from 'kysely';

/**
 * Row shape of `event_stream`: one row per stored event, appended in the same transaction as the event (a
 * trigger on `events` on PostgreSQL, the batch writers on SQLite), in the order events are to be streamed:
 * by (`tx_id`, `seq`).
 */
export interface EventStreamTable {
  /** Assigned on insert: SQLite AUTOINCREMENT (never reused), PostgreSQL an identity column. */
  seq: Generated<number>;
  /**
   * PostgreSQL: the inserting transaction's id (`xid8`, read as decimal text); SQLite: always 0, since
   * SQLite commits one write transaction at a time, so `seq` alone is commit order there.
   */
  tx_id: Generated<string | number>;
  event_id: string;
  connection_id: string;
  received_at: number;
}

/** The event stream's tables. */
export interface EventStreamTables {
  event_stream: EventStreamTable;
}
