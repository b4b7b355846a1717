import type { Insertable } from 'kysely';
import { storedBodyPreview } from './body-preview.ts';
import type { EventsTable, HistoryTable } from './database-schema.ts';
import { newForwardJobRow } from './forward/forward-rows.ts';
import type { ForwardJobsTable } from './forward/forward-tables.ts';
import { fromEventRecord, fromHistoryRecord, withoutNul } from './row-mappers.ts';
import type { AcceptResult, EventRecord, HistoryRecord, NewForward } from './types.ts';

/**
 * One write queued for group commit: an event to accept (with its forward job when the connection
 * forwards), or a history row alone.
 */
export type WriteItem =
  | {
      readonly kind: 'accept';
      readonly event: EventRecord;
      readonly history: HistoryRecord;
      readonly forward?: NewForward;
    }
  | { readonly kind: 'history'; readonly history: HistoryRecord };

/** What a write did: `acceptEvent`'s result, or `recorded` for a history row alone. */
export type WriteResult = AcceptResult | { readonly status: 'recorded'; readonly historyId: string };

/** `connection \0 key`: one map key per idempotency key. */
export const claimId = (connectionId: string, key: string): string => `${connectionId}\u0000${key}`;

/** The idempotency key an item claims, as one sortable string; empty when it claims none. */
function lockKeyOf(item: WriteItem): string {
  if (item.kind !== 'accept' || item.event.idempotencyKey === null) return '';
  return claimId(item.event.connectionId, withoutNul(item.event.idempotencyKey));
}

/**
 * Item indexes in the order their idempotency keys are claimed: sorted by key (stable, so equal keys
 * keep their submission order), which makes every batch take key locks in the same order and keeps two
 * PostgreSQL processes from deadlocking on each other's keys. A batch without keys keeps its order.
 */
export function claimOrder(items: readonly WriteItem[]): number[] {
  const keys = items.map(lockKeyOf);
  if (keys.every((key) => key === '')) return [...items.keys()];
  return [...items.keys()].sort((a, b) => {
    const left = keys[a] ?? '';
    const right = keys[b] ?? '';
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** One idempotency key an event claims. */
export interface KeyClaim {
  readonly connectionId: string;
  readonly key: string;
  readonly eventId: string;
  readonly createdAt: number;
}

/**
 * The writes a group commit is made of, inside one transaction that the caller opened: prepared
 * `node:sqlite` statements on the SQLite writer thread (`sqlite-writer/prepared-batch.ts`). PostgreSQL
 * commits a batch as one statement instead (`pg-batch-commit.ts`), with the same outcomes.
 */
export interface BatchStatements {
  /**
   * Claims the keys, in the given order, with INSERT … ON CONFLICT DO NOTHING, so the unique constraint
   * decides between racing writers (in this batch, in another batch, in another process). Returns, per
   * claim, null when it won the key, else the id of the event that holds it.
   */
  claimKeys(claims: readonly KeyClaim[]): Promise<readonly (string | null)[]>;
  /** Inserts the batch's events, history rows and forward jobs (any may be empty). */
  insertRows(
    events: readonly Insertable<EventsTable>[],
    history: readonly Insertable<HistoryTable>[],
    forwards: readonly Insertable<ForwardJobsTable>[],
  ): Promise<void>;
}

/**
 * Writes a batch through `statements` (the caller's transaction); results are in item order. The keys are
 * claimed first (all together, in a fixed order); then the batch's events, history rows and the forward
 * jobs of accepted events are inserted, so an acknowledged event's forward survives a crash. A duplicate is recorded as a DUPLICATE history row of the first event (message `Duplicate of <id>` unless
 * the caller gave one: the same text as the ingest's own duplicate answer, and its own stored preview) and its event is not stored.
 * An accepted event's history row stores no copy of the body when its preview can be read from the event.
 */
export async function writeBatch(
  statements: BatchStatements,
  items: readonly WriteItem[],
): Promise<readonly WriteResult[]> {
  const results: WriteResult[] = [];
  const events: EventRecord[] = [];
  const rows: HistoryRecord[] = [];
  const forwards: Insertable<ForwardJobsTable>[] = [];
  const order = claimOrder(items);
  const claimOf = new Map<number, number>();
  const claims: KeyClaim[] = [];
  for (const index of order) {
    const item = items[index];
    if (item?.kind !== 'accept' || item.event.idempotencyKey === null) continue;
    const { connectionId, id: eventId, receivedAt: createdAt, idempotencyKey } = item.event;
    claimOf.set(index, claims.length);
    claims.push({ connectionId, key: withoutNul(idempotencyKey), eventId, createdAt });
  }
  const holders = claims.length === 0 ? [] : await statements.claimKeys(claims);
  if (holders.length !== claims.length) throw new Error('claimKeys answered for the wrong number of keys');
  for (const index of order) {
    const item = items[index];
    if (item === undefined) continue;
    const historyId = item.history.id;
    if (item.kind === 'history') {
      rows.push(item.history);
      results[index] = { status: 'recorded', historyId };
      continue;
    }
    const { event, history } = item;
    const claim = claimOf.get(index);
    const firstId = claim === undefined ? null : (holders[claim] ?? null);
    if (firstId === null) {
      events.push(event);
      if (item.forward !== undefined) {
        const { headers, lease } = item.forward;
        forwards.push(newForwardJobRow(event.id, event.connectionId, headers, event.receivedAt, lease));
      }
      // The preview is read back from the event's body (see body-preview.ts): not written twice.
      const bodyPreview = storedBodyPreview(event.body, history.bodyPreview);
      rows.push({ ...history, bodyPreview, eventId: event.id, duplicateOf: null });
      results[index] = { status: 'accepted', eventId: event.id, historyId };
    } else {
      const message = history.message ?? `Duplicate of ${firstId}`;
      rows.push({ ...history, outcome: 'DUPLICATE', message, eventId: null, duplicateOf: firstId });
      results[index] = { status: 'duplicate', eventId: firstId, historyId };
    }
  }
  await statements.insertRows(events.map(fromEventRecord), rows.map(fromHistoryRecord), forwards);
  return results;
}
