import type { EventRecord } from '../types.ts';

/**
 * A place in the stream of stored events, between two events. Opaque to callers: get one from
 * `headPosition`, `positionAfter` or `positionSince` and pass the `next` of each read back in.
 */
export interface EventStreamPosition {
  /** PostgreSQL: a transaction id (`xid8`) as decimal text; SQLite: `0`. */
  readonly tx: string;
  readonly seq: number;
  /**
   * PostgreSQL, for a stream that starts "from now": a snapshot (`pg_snapshot` text); events already
   * committed when it was taken are not part of this stream.
   */
  readonly committedBefore?: string | undefined;
}

/** Which events a stream carries. */
export interface EventStreamFilter {
  /** Only these connections; undefined or empty = all. */
  readonly connectionIds?: readonly string[] | undefined;
  /** Only events received at or after this instant (epoch ms). */
  readonly since?: number | undefined;
}

/** One read: the events in stream order, and the position after the last of them. */
export interface EventStreamBatch {
  readonly events: readonly EventRecord[];
  readonly next: EventStreamPosition;
}

/**
 * The stream of stored events, in commit order, as every instance sees it: read from the store by a
 * cursor, so events accepted by other instances (PostgreSQL) are included.
 *
 * Order and completeness: SQLite commits one write transaction at a time, so the `seq` assigned inside
 * the transaction is commit order. On PostgreSQL concurrent transactions commit in any order, so a
 * cursor over a sequence alone could pass an event whose transaction commits later with a smaller number.
 * Each row therefore records its transaction id, and a read only returns rows of transactions older than
 * the oldest transaction still running (`pg_snapshot_xmin`): those transactions have all ended, so no row
 * can appear behind the cursor later. The price: a write transaction left open on the same PostgreSQL
 * server holds the stream back until it ends.
 */
export interface EventStreamStore {
  /** The current end: reads from it return only events committed after this call. */
  headPosition(): Promise<EventStreamPosition>;
  /** The position just after event `eventId`, or null when no such event is stored (unknown or purged). */
  positionAfter(eventId: string): Promise<EventStreamPosition | null>;
  /** A position before every event received at or after `since` (committed or still committing). */
  positionSince(since: number): Promise<EventStreamPosition>;
  /** Up to `limit` events after `position` that match `filter`, in stream order. */
  read(position: EventStreamPosition, filter: EventStreamFilter, limit: number): Promise<EventStreamBatch>;
}

/** The later of two positions (`a` on a tie). */
export function laterPosition(a: EventStreamPosition, b: EventStreamPosition): EventStreamPosition {
  const ta = BigInt(a.tx);
  const tb = BigInt(b.tx);
  if (ta !== tb) return ta > tb ? a : b;
  return b.seq > a.seq ? b : a;
}
