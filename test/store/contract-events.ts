import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AcceptResult } from '../../src/store/types.ts';
import { acceptArgs, connectionRecord, eventRecord, historyRecord, T0 } from './fixtures.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

/** Bytes that are not UTF-8 (lone continuation, overlong, 0xff/0xfe) and include a 0 byte. */
const RAW_BODY = Uint8Array.from([0x7b, 0x00, 0xff, 0xfe, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x00, 0x7d]);

/** How many results have each status. */
function countStatuses(results: readonly AcceptResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  return counts;
}

/** acceptEvent / recordHistory: exact bytes, idempotency under concurrency, failure isolation. */
export function eventContract(factory: TestStoreFactory): void {
  test('acceptEvent stores the raw body bytes exactly, and the history row points at the event', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const large = Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 7919) % 256);
    for (const body of [RAW_BODY, new Uint8Array(0), large]) {
      const [event, history] = acceptArgs(connection.id, { body });
      const result = await store.acceptEvent(event, history);
      assert.deepEqual(result, { status: 'accepted', eventId: event.id, historyId: history.id });
      const stored = await store.getEvent(event.id);
      assert.deepEqual(stored, event);
      assert.ok(stored?.body instanceof Uint8Array);
      assert.deepEqual(await store.getHistory(history.id), { ...history, eventId: event.id });
    }
  });

  test('one batch stores each body exactly: views into a larger buffer, one body twice, an empty one', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    // Request bodies are Buffers: views into a shared pool or a larger concatenation buffer.
    const backing = new Uint8Array(8192).fill(0xee);
    backing.set(RAW_BODY, 100);
    const view = new Uint8Array(backing.buffer, 100, RAW_BODY.length);
    const shared = new Uint8Array(backing.buffer, 100 + RAW_BODY.length, 5);
    const pooled = Buffer.from('{"text":"日本語 😀 e\u0301"}');
    const calls = [view, shared, shared, new Uint8Array(0), pooled].map((body, i) => {
      const [event, history] = acceptArgs(connection.id, { body, at: T0 + i });
      const headers = { 'content-type': 'application/json; charset=utf-8', 'x-note': `日本語 ${i} 😀` };
      return [
        { ...event, headers, contentType: i === 3 ? null : event.contentType },
        { ...history, headers, bodyPreview: i === 4 ? pooled.toString() : history.bodyPreview },
      ] as const;
    });
    const [keyed, keyedHistory] = acceptArgs(connection.id, { key: 'k-twice 😀', body: view });
    const [again, againHistory] = acceptArgs(connection.id, { key: 'k-twice 😀', body: view });
    const refused = historyRecord(connection.id, { outcome: 'INVALID_JSON', message: 'INVALID_JSON: … 😀' });
    const results = await Promise.all([
      ...calls.map(([event, history]) => store.acceptEvent(event, history)),
      store.acceptEvent(keyed, keyedHistory, { headers: { 'x-forward': 'é' } }),
      store.acceptEvent(again, againHistory, { headers: { 'x-forward': 'é' } }),
      store.recordHistory(refused),
    ]);
    assert.deepEqual(
      results.map((result) => result?.status),
      ['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'duplicate', undefined],
    );
    for (const [event, history] of calls) {
      const stored = await store.getEvent(event.id);
      assert.deepEqual(stored, { ...event, body: new Uint8Array(event.body) });
      assert.deepEqual(await store.getHistory(history.id), { ...history, eventId: event.id });
    }
    assert.deepEqual(await store.getEvent(keyed.id), { ...keyed, body: RAW_BODY });
    assert.equal(await store.getEvent(again.id), null);
    assert.deepEqual(await store.getHistory(againHistory.id), {
      ...againHistory,
      outcome: 'DUPLICATE',
      message: `Duplicate of ${keyed.id}`,
      duplicateOf: keyed.id,
    });
    assert.deepEqual((await store.forward.getJob(keyed.id))?.headers, { 'x-forward': 'é' });
    assert.equal(await store.forward.getJob(again.id), null);
    assert.deepEqual(await store.getHistory(refused.id), refused);
    assert.deepEqual([...backing.subarray(100, 100 + RAW_BODY.length)], [...RAW_BODY], "the sender's bytes");
  });

  test('100 concurrent acceptEvent with one key: one accepted, 99 duplicates of it, one event', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const calls = Array.from({ length: 100 }, (_, i) =>
      acceptArgs(connection.id, { key: 'evt_1', at: T0 + i }),
    );
    const results = await Promise.all(calls.map(([event, history]) => store.acceptEvent(event, history)));
    assert.deepEqual(countStatuses(results), { accepted: 1, duplicate: 99 });
    const winner = results.find((r) => r.status === 'accepted')?.eventId;
    assert.ok(winner !== undefined);
    assert.ok(results.every((r) => r.eventId === winner));
    assert.equal(await store.findIdempotencyKey(connection.id, 'evt_1'), winner);
    const stored = await Promise.all(calls.map(([event]) => store.getEvent(event.id)));
    assert.equal(stored.filter((event) => event !== null).length, 1);
    const history = await store.listHistory({ connectionId: connection.id, limit: 200 });
    assert.equal(history.items.length, 100);
    const duplicates = history.items.filter((h) => h.outcome === 'DUPLICATE');
    assert.equal(duplicates.length, 99);
    assert.ok(duplicates.every((h) => h.duplicateOf === winner && h.eventId === null));
    assert.ok(duplicates.every((h) => h.message === `Duplicate of ${winner}`));
    // Later, in another transaction, the key is still taken.
    const late = await store.acceptEvent(...acceptArgs(connection.id, { key: 'evt_1', at: T0 + 500 }));
    assert.deepEqual([late.status, late.eventId], ['duplicate', winner]);
  });

  test('one batch mixing a key held from before, a new key sent twice, and no key', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const held = await store.acceptEvent(...acceptArgs(connection.id, { key: 'k-held' }));
    const results = await Promise.all(
      [
        acceptArgs(connection.id, { key: 'k-new', at: T0 + 1 }),
        acceptArgs(connection.id, { key: 'k-held', at: T0 + 2 }),
        acceptArgs(connection.id, { at: T0 + 3 }),
        acceptArgs(connection.id, { key: 'k-new', at: T0 + 4 }),
      ].map(([event, history]) => store.acceptEvent(event, history)),
    );
    const [first, again, keyless, second] = results;
    assert.deepEqual(
      results.map((result) => result.status),
      ['accepted', 'duplicate', 'accepted', 'duplicate'],
    );
    assert.equal(again?.eventId, held.eventId);
    assert.equal(second?.eventId, first?.eventId, 'the first sender of a key in the batch wins');
    assert.notEqual(keyless?.eventId, first?.eventId);
    assert.equal(await store.findIdempotencyKey(connection.id, 'k-new'), first?.eventId);
  });

  test('different connections may use the same idempotency key; no key never deduplicates', async (t) => {
    const store = await factory.fresh(t);
    const first = connectionRecord();
    const second = connectionRecord();
    await store.createConnection(first, null);
    await store.createConnection(second, null);
    const results = await Promise.all([
      store.acceptEvent(...acceptArgs(first.id, { key: 'shared' })),
      store.acceptEvent(...acceptArgs(second.id, { key: 'shared' })),
      store.acceptEvent(...acceptArgs(first.id)),
      store.acceptEvent(...acceptArgs(first.id)),
    ]);
    assert.deepEqual(countStatuses(results), { accepted: 4 });
    assert.equal(await store.findIdempotencyKey(first.id, 'unused'), null);
  });

  test('one failing write in a batch rejects only its own caller', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const good = acceptArgs(connection.id, { key: 'k-good' });
    const orphan = acceptArgs('con_missing', { key: 'k-orphan' });
    const reused = eventRecord(connection.id);
    const settled = await Promise.allSettled([
      store.acceptEvent(...good),
      store.acceptEvent(...orphan),
      store.acceptEvent(reused, historyRecord(connection.id)),
      store.acceptEvent(reused, historyRecord(connection.id)),
      store.recordHistory(historyRecord(connection.id, { outcome: 'INVALID_JSON' })),
    ]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(await store.getEvent(good[0].id), good[0]);
    assert.equal(await store.getEvent(orphan[0].id), null);
    assert.equal((await store.listHistory({ connectionId: connection.id, limit: 10 })).items.length, 3);
  });

  test('the same without idempotency keys (PostgreSQL writes such a batch in one statement)', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const good = acceptArgs(connection.id);
    const orphan = acceptArgs('con_missing');
    const reused = eventRecord(connection.id);
    // The event alone could be stored; its history row cannot: neither may be.
    const split = eventRecord(connection.id);
    const settled = await Promise.allSettled([
      store.acceptEvent(...good),
      store.acceptEvent(...orphan),
      store.acceptEvent(reused, historyRecord(connection.id)),
      store.acceptEvent(reused, historyRecord(connection.id)),
      store.recordHistory(historyRecord(connection.id, { outcome: 'INVALID_JSON' })),
      store.acceptEvent(split, historyRecord('con_missing')),
    ]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected'],
    );
    assert.deepEqual(await store.getEvent(good[0].id), good[0]);
    assert.equal(await store.getEvent(orphan[0].id), null);
    assert.equal(await store.getEvent(split.id), null, 'no event without its history row');
    const rows = (await store.listHistory({ connectionId: connection.id, limit: 10 })).items;
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((row) => row.eventId).sort(), [good[0].id, reused.id, null].sort());
  });

  test('U+0000 in sender text is stored as U+FFFD; keys containing it still deduplicate', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const key = 'order\u00001';
    const [event, history] = acceptArgs(connection.id, { key });
    const withNul = { ...event, contentType: 'text/plain\u0000', headers: { 'x-odd': 'a\u0000b' } };
    const first = await store.acceptEvent(withNul, { ...history, message: 'm\u0000', contactId: 'c\u0000' });
    const second = await store.acceptEvent(...acceptArgs(connection.id, { key }));
    assert.deepEqual([first.status, second.status, second.eventId], ['accepted', 'duplicate', event.id]);
    assert.deepEqual(await store.getEvent(event.id), {
      ...withNul,
      contentType: 'text/plain\ufffd',
      idempotencyKey: 'order\ufffd1',
    });
    const row = await store.getHistory(history.id);
    assert.deepEqual([row?.message, row?.contactId], ['m\ufffd', 'c\ufffd']);
    assert.equal(await store.findIdempotencyKey(connection.id, key), event.id);
  });

  test('recordHistory stores a row that is not an acceptance', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const rows = Array.from({ length: 20 }, (_, i) =>
      historyRecord(connection.id, {
        receivedAt: T0 + i,
        outcome: 'UNAUTHORIZED',
        message: 'UNAUTHORIZED: Invalid secret',
        headers: { 'user-agent': 'curl/8', authorization: '[redacted]' },
        bodyPreview: '\ufffd\u0000 not json',
        contactId: i % 2 === 0 ? 'contact-1' : null,
      }),
    );
    await Promise.all(rows.map((row) => store.recordHistory(row)));
    for (const row of rows) {
      // PostgreSQL text cannot hold U+0000: both dialects store U+FFFD instead.
      const expected = { ...row, bodyPreview: '\ufffd\ufffd not json' };
      assert.deepEqual(await store.getHistory(row.id), expected);
    }
    assert.equal(await store.getHistory('his_missing'), null);
    assert.equal(await store.getEvent('evt_missing'), null);
  });
}
