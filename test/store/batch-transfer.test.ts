import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import {
  EVENT_COLUMNS,
  type EventValues,
  FORWARD_COLUMNS,
  type ForwardValues,
  HISTORY_COLUMNS,
  type HistoryValues,
} from '../../src/store/batch-columns.ts';
import {
  decodeBatch,
  encodeBatch,
  type TransferredBatch,
} from '../../src/store/sqlite-writer/batch-transfer.ts';
import { type BatchItem, toBatchItem } from '../../src/store/write-batch.ts';
import { acceptArgs, historyRecord, T0 } from './fixtures.ts';

/** Every byte value, twice, with NUL at both ends. */
const ALL_BYTES = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
/** Text the encoding must carry unchanged: NUL, astral and combining characters, a lone surrogate. */
const ODD_TEXT = 'a\u0000b — 日本語 😀 e\u0301 \ud800 end';

/** A row as comparable values: each byte value as its type and bytes (a Buffer and a Uint8Array differ). */
function comparable(row: readonly unknown[]): unknown[] {
  return row.map((value) =>
    value instanceof Uint8Array ? { bytes: Buffer.from(value).toString('hex') } : value,
  );
}

/** A batch as comparable values. */
function comparableBatch(items: readonly BatchItem[]): unknown[] {
  return items.map((item) =>
    item.kind === 'history'
      ? { kind: item.kind, history: comparable(item.history) }
      : {
          kind: item.kind,
          event: comparable(item.event),
          history: comparable(item.history),
          forward: item.forward === null ? null : comparable(item.forward),
        },
  );
}

/** Posts an encoded batch through a real message port, its bytes transferred, and decodes it there. */
function sendAndDecode(items: readonly BatchItem[]): BatchItem[] {
  const { port1, port2 } = new MessageChannel();
  try {
    const encoded = encodeBatch(items);
    port1.postMessage(encoded, [encoded.bytes]);
    assert.equal(encoded.bytes.byteLength, 0, 'the bytes are moved to the receiver, not copied');
    const received = receiveMessageOnPort(port2);
    assert.ok(received !== undefined);
    return decodeBatch(received.message as TransferredBatch);
  } finally {
    port1.close();
  }
}

/** The values of an event row, with `body` and `overrides` (by column). */
function eventValues(body: Uint8Array, overrides: Partial<Record<string, unknown>> = {}): EventValues {
  const [event] = acceptArgs('con_transfer', { body });
  const item = toBatchItem({ kind: 'accept', event, history: historyRecord('con_transfer') });
  if (item.kind !== 'accept') throw new Error('not an accept item');
  return EVENT_COLUMNS.map((column, index) =>
    column in overrides ? overrides[column] : item.event[index],
  ) as unknown as EventValues;
}

/** The values of a history row with `overrides` (by column). */
function historyValues(overrides: Partial<Record<string, unknown>> = {}): HistoryValues {
  const { history } = toBatchItem({ kind: 'history', history: historyRecord('con_transfer') });
  return HISTORY_COLUMNS.map((column, index) =>
    column in overrides ? overrides[column] : history[index],
  ) as unknown as HistoryValues;
}

/** The values of a forward job row, every nullable column null or set. */
function forwardValues(leased: boolean): ForwardValues {
  const [event, history] = acceptArgs('con_transfer');
  const lease = leased ? { token: 'tok_1', owner: 'own_1', until: T0 + 30_000 } : undefined;
  const item = toBatchItem({
    kind: 'accept',
    event,
    history,
    forward: { headers: { 'x-odd': ODD_TEXT }, ...(lease && { lease }) },
  });
  if (item.kind !== 'accept' || item.forward === null) throw new Error('no forward row');
  assert.equal(item.forward.length, FORWARD_COLUMNS.length);
  return item.forward;
}

test('a batch crosses to the writer thread with every value unchanged', () => {
  // A body that is a view into the middle of a larger buffer (as the request reader's Buffers are), next
  // to bytes that must not come along; another view of the same buffer; an empty body; a pooled Buffer.
  const backing = new Uint8Array(4096).fill(0xee);
  backing.set(ALL_BYTES, 1000);
  const view = new Uint8Array(backing.buffer, 1000, ALL_BYTES.length);
  const neighbour = new Uint8Array(backing.buffer, 1000 + ALL_BYTES.length, 7);
  const pooled = Buffer.from('{"pooled":"日本語"}');
  assert.ok(pooled.buffer.byteLength > pooled.length, 'the Buffer is a view into a larger pool');
  const items: BatchItem[] = [
    {
      kind: 'accept',
      event: eventValues(view, { content_type: ODD_TEXT, idempotency_key: 'key\u0000😀' }),
      history: historyValues({ message: ODD_TEXT, body_preview: ODD_TEXT, warnings: '["W: x"]' }),
      forward: forwardValues(true),
    },
    { kind: 'history', history: historyValues({ message: null, body_preview: '', body_size: 0 }) },
    {
      kind: 'accept',
      event: eventValues(new Uint8Array(0), { content_type: null, idempotency_key: null }),
      history: historyValues({ event_id: null, contact_id: 'c\u0000t', repeat_count: 3 }),
      forward: null,
    },
    // Two items with the same key and the very same body object: each keeps its own copy of the values.
    {
      kind: 'accept',
      event: eventValues(neighbour, { idempotency_key: 'same' }),
      history: historyValues(),
      forward: forwardValues(false),
    },
    {
      kind: 'accept',
      event: eventValues(neighbour, { idempotency_key: 'same' }),
      history: historyValues(),
      forward: null,
    },
    { kind: 'accept', event: eventValues(pooled), history: historyValues(), forward: null },
    {
      kind: 'history',
      history: historyValues({ received_at: Number.MAX_SAFE_INTEGER, body_size: 0, outcome: 'ERROR' }),
    },
  ];
  const expected = comparableBatch(items);
  const decoded = sendAndDecode(items);
  assert.deepEqual(comparableBatch(decoded), expected);
  // Bodies arrive as Uint8Arrays holding exactly their own bytes.
  const bodies = decoded.flatMap((item) => (item.kind === 'accept' ? [item.event[5]] : []));
  assert.ok(bodies.every((body) => body instanceof Uint8Array));
  assert.deepEqual(
    bodies.map((body) => body.byteLength),
    [ALL_BYTES.length, 0, 7, 7, pooled.length],
  );
  // Sending did not alter the sender's values either.
  assert.deepEqual(Buffer.from(view), Buffer.from(ALL_BYTES));
  assert.deepEqual(comparableBatch(items), expected);
});

test('a batch of one history row, and an empty batch, cross unchanged', () => {
  const one: BatchItem[] = [{ kind: 'history', history: historyValues() }];
  assert.deepEqual(comparableBatch(sendAndDecode(one)), comparableBatch(one));
  assert.deepEqual(sendAndDecode([]), []);
});

test('a transferred batch whose bodies do not add up is refused, not half read', () => {
  const batch = (): BatchItem[] => [
    { kind: 'accept', event: eventValues(ALL_BYTES), history: historyValues(), forward: null },
  ];
  const short = encodeBatch(batch());
  assert.throws(() => decodeBatch({ ...short, bytes: short.bytes.slice(0, 10) }), /body outside its bytes/);
  const long = encodeBatch(batch());
  assert.throws(
    () => decodeBatch({ ...long, bytes: new ArrayBuffer(long.bytes.byteLength + 1) }),
    /does not account for its bytes/,
  );
});
