import {
  EVENT,
  EVENT_COLUMNS,
  type EventValues,
  FORWARD_COLUMNS,
  type ForwardValues,
  HISTORY,
  HISTORY_COLUMNS,
  type HistoryValues,
  rowValues,
} from './batch-columns.ts';
import { bodyPreviewText, storedBodyPreview } from './body-preview.ts';
import { newForwardJobRow } from './forward/forward-rows.ts';
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

/**
 * A WriteItem as the rows it may insert, each already mapped to its values in column order
 * (batch-columns.ts): what `writeBatch` works on, on the SQLite writer thread, which receives batches in
 * this form (`sqlite-writer/batch-transfer.ts`) and binds the values as they are. The history row is
 * inserted as mapped for a `history` item; for an `accept` item `writeBatch` sets its event and duplicate
 * columns once the key claim has decided, and its `body_preview` is already what the row of the stored
 * event keeps: empty when the preview is read back from the event (see `toBatchItem`).
 */
export type BatchItem =
  | {
      readonly kind: 'accept';
      readonly event: EventValues;
      readonly history: HistoryValues;
      /** The event's forward job, inserted only when the event is stored. */
      readonly forward: ForwardValues | null;
    }
  | { readonly kind: 'history'; readonly history: HistoryValues };

/**
 * The rows of a WriteItem (sender-derived text without U+0000, as the row mappers store it). An event's
 * history row carries an empty preview when the row of the stored event reads its preview from the event
 * (body-preview.ts): the preview, usually the body's first 4 KB again, is then not copied to the writer
 * thread, and should the event turn out a duplicate, `writeBatch` derives it from the body it has.
 */
export function toBatchItem(item: WriteItem): BatchItem {
  const preview = item.history.bodyPreview;
  const historyRow = fromHistoryRecord(
    item.history,
    item.kind === 'accept' ? storedBodyPreview(item.event.body, preview) : preview,
  );
  const history = rowValues(HISTORY_COLUMNS, historyRow);
  if (item.kind === 'history') return { kind: 'history', history };
  const { event, forward } = item;
  // The ingest gives an event and its history row one headers object: its JSON is made once.
  const headersJson = event.headers === item.history.headers ? historyRow.headers : undefined;
  return {
    kind: 'accept',
    event: rowValues(EVENT_COLUMNS, fromEventRecord(event, headersJson)),
    history,
    forward:
      forward === undefined
        ? null
        : rowValues(
            FORWARD_COLUMNS,
            newForwardJobRow(event.id, event.connectionId, forward.headers, event.receivedAt, forward.lease),
          ),
  };
}

/** What a write did: `acceptEvent`'s result, or `recorded` for a history row alone. */
export type WriteResult = AcceptResult | { readonly status: 'recorded'; readonly historyId: string };

/**
 * The result of a written item: `firstId` is the id of the event that already held the item's idempotency
 * key (a duplicate), null when the item's own event was stored (or it has none).
 */
export function resultOf(item: BatchItem, firstId: string | null): WriteResult {
  const historyId = item.history[HISTORY.id];
  if (item.kind === 'history') return { status: 'recorded', historyId };
  if (firstId === null) return { status: 'accepted', eventId: item.event[EVENT.id], historyId };
  return { status: 'duplicate', eventId: firstId, historyId };
}

/** `connection \0 key`: one map key per idempotency key. */
export const claimId = (connectionId: string, key: string): string => `${connectionId}\u0000${key}`;

/** The idempotency key an item claims, as one sortable string; empty when it claims none. */
function lockKeyOf(item: WriteItem): string {
  if (item.kind !== 'accept' || item.event.idempotencyKey === null) return '';
  return claimId(item.event.connectionId, withoutNul(item.event.idempotencyKey));
}

/** `lockKeyOf` for a mapped item (whose key is already without U+0000): the same string. */
function rowLockKeyOf(item: BatchItem): string {
  if (item.kind !== 'accept') return '';
  const key = item.event[EVENT.idempotency_key];
  return key === null ? '' : claimId(item.event[EVENT.connection_id], key);
}

/**
 * Indexes in the order of their lock keys: sorted (stable, so equal keys keep their submission order),
 * which makes every batch take key locks in the same order and keeps two PostgreSQL processes from
 * deadlocking on each other's keys. Without keys the order stays as it is.
 */
function lockOrder(keys: readonly string[]): number[] {
  if (keys.every((key) => key === '')) return [...keys.keys()];
  return [...keys.keys()].sort((a, b) => {
    const left = keys[a] ?? '';
    const right = keys[b] ?? '';
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** Item indexes in the order their idempotency keys are claimed (see `lockOrder`). */
export function claimOrder(items: readonly WriteItem[]): number[] {
  return lockOrder(items.map(lockKeyOf));
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
  /** Inserts the batch's events, history rows and forward jobs (any may be empty), values in column order. */
  insertRows(
    events: readonly EventValues[],
    history: readonly HistoryValues[],
    forwards: readonly ForwardValues[],
  ): Promise<void>;
}

/**
 * `history` with its event columns set: the row of a stored `event` (its preview as `toBatchItem` left
 * it: empty when read back from the event's body, see body-preview.ts), or of a duplicate of `firstId`,
 * which has no event to read its preview from: an empty one is the body's own preview, derived here.
 */
function decidedHistory(history: HistoryValues, event: EventValues, firstId: string | null): HistoryValues {
  const row: (HistoryValues[number] | null)[] = [...history];
  if (firstId === null) {
    row[HISTORY.event_id] = event[EVENT.id];
    row[HISTORY.duplicate_of] = null;
  } else {
    // Without U+0000: `toBatchItem` empties only a preview whose head holds none (`storedBodyPreview`).
    if (row[HISTORY.body_preview] === '') row[HISTORY.body_preview] = bodyPreviewText(event[EVENT.body]);
    row[HISTORY.outcome] = 'DUPLICATE';
    row[HISTORY.message] ??= withoutNul(`Duplicate of ${firstId}`);
    row[HISTORY.event_id] = null;
    row[HISTORY.duplicate_of] = firstId;
  }
  return row as unknown as HistoryValues;
}

/**
 * Writes a batch through `statements` (the caller's transaction); results are in item order. The keys are
 * claimed first (all together, in a fixed order); then the batch's events, history rows and the forward
 * jobs of accepted events are inserted, so an acknowledged event's forward survives a crash. A duplicate
 * is recorded as a DUPLICATE history row of the first event (message `Duplicate of <id>` unless the caller
 * gave one: the same text as the ingest's own duplicate answer, and its own stored preview) and its event
 * is not stored. An accepted event's history row stores no copy of the body when its preview can be read
 * from the event.
 */
export async function writeBatch(
  statements: BatchStatements,
  items: readonly BatchItem[],
): Promise<readonly WriteResult[]> {
  const results: WriteResult[] = [];
  const events: EventValues[] = [];
  const rows: HistoryValues[] = [];
  const forwards: ForwardValues[] = [];
  const order = lockOrder(items.map(rowLockKeyOf));
  const claimOf = new Map<number, number>();
  const claims: KeyClaim[] = [];
  for (const index of order) {
    const item = items[index];
    if (item?.kind !== 'accept') continue;
    const key = item.event[EVENT.idempotency_key];
    if (key === null) continue;
    claimOf.set(index, claims.length);
    claims.push({
      connectionId: item.event[EVENT.connection_id],
      key,
      eventId: item.event[EVENT.id],
      createdAt: item.event[EVENT.received_at],
    });
  }
  const holders = claims.length === 0 ? [] : await statements.claimKeys(claims);
  if (holders.length !== claims.length) throw new Error('claimKeys answered for the wrong number of keys');
  for (const index of order) {
    const item = items[index];
    if (item === undefined) continue;
    if (item.kind === 'history') {
      rows.push(item.history);
      results[index] = resultOf(item, null);
      continue;
    }
    const claim = claimOf.get(index);
    const firstId = claim === undefined ? null : (holders[claim] ?? null);
    if (firstId === null) {
      events.push(item.event);
      if (item.forward !== null) forwards.push(item.forward);
    }
    rows.push(decidedHistory(item.history, item.event, firstId));
    results[index] = resultOf(item, firstId);
  }
  await statements.insertRows(events, rows, forwards);
  return results;
}
