// How a group-commit batch crosses from the main thread to the SQLite writer thread. postMessage
// structured-clones what it is given, and cloning the WriteItems cost on both threads:
// - the clone of a typed-array view copies its WHOLE backing ArrayBuffer, not just the view, and a body
//   read in several chunks is a Buffer.concat result: under 32 KB a view into Node's shared 64 KB
//   allocation pool, so each batch copied (and the writer allocated) up to 64 KB per distinct pool slab;
//   bodies that arrive whole have a buffer of their own, still allocated anew per body on the writer;
// - every record is an object of a dozen named fields, some nested (headers), written and rebuilt field
//   by field, and the writer then mapped each record to its rows (JSON of the headers, U+0000 removal).
// So the main thread maps each item to its rows' values in column order (`toBatchItem`, the mapping every
// store uses), sends them as arrays of strings, numbers and nulls, and packs the events' bodies into one
// ArrayBuffer that is transferred (moved, not copied); the writer binds the values as they arrive, bodies
// as views into that buffer, and answers with one id or null per item (writer-protocol.ts).
import { EVENT, type EventValues, type ForwardValues, type HistoryValues } from '../batch-columns.ts';
import type { BatchItem } from '../write-batch.ts';

/**
 * An item's rows as they cross: `[history]` for a history row alone, `[history, event, forward]` (forward
 * null when the event has none) for an event, each row its values in column order, the event's body
 * replaced by its byte length.
 */
type TransferredItem =
  | readonly [HistoryValues]
  | readonly [HistoryValues, readonly unknown[], ForwardValues | null];

/** A batch as it crosses to the writer thread (`bytes` in the transfer list). */
export interface TransferredBatch {
  /** The items in item order. */
  readonly items: readonly TransferredItem[];
  /** The events' bodies, one after the other in item order. */
  readonly bytes: ArrayBuffer;
}

/**
 * Encodes a batch for the writer thread. Post it with `bytes` in the transfer list: the buffer is then
 * moved to the writer (and detached here) instead of copied. Only the events' bodies move through `bytes`;
 * every other value is cloned as it is (a byte value elsewhere would still arrive intact, just copied).
 */
export function encodeBatch(items: readonly BatchItem[]): TransferredBatch {
  let size = 0;
  for (const item of items) if (item.kind === 'accept') size += item.event[EVENT.body].byteLength;
  const bytes = new Uint8Array(size);
  let offset = 0;
  const encoded = items.map((item): TransferredItem => {
    if (item.kind === 'history') return [item.history];
    const body = item.event[EVENT.body];
    bytes.set(body, offset);
    offset += body.byteLength;
    const event: unknown[] = item.event.slice();
    event[EVENT.body] = body.byteLength;
    return [item.history, event, item.forward];
  });
  return { items: encoded, bytes: bytes.buffer };
}

/** Decodes a batch on the writer thread: the items `encodeBatch` was given, bodies as views into `bytes`. */
export function decodeBatch({ items, bytes }: TransferredBatch): BatchItem[] {
  let offset = 0;
  const decoded = items.map((item): BatchItem => {
    if (item.length === 1) return { kind: 'history', history: item[0] };
    const [history, event, forward] = item;
    const length = event[EVENT.body];
    if (typeof length !== 'number' || offset + length > bytes.byteLength) {
      throw new Error('a transferred batch has a body outside its bytes');
    }
    // The row arrived as a fresh array of this thread: its body length becomes the body, in place.
    (event as unknown[])[EVENT.body] = new Uint8Array(bytes, offset, length);
    offset += length;
    return { kind: 'accept', history, event: event as unknown as EventValues, forward };
  });
  if (offset !== bytes.byteLength) throw new Error('a transferred batch does not account for its bytes');
  return decoded;
}
