import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreCursorError } from '../../src/store/store-errors.ts';
import type { HistoryFilter, HistoryRecord, Store } from '../../src/store/types.ts';
import { collectPageIds, connectionRecord, historyRecord, T0 } from './fixtures.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

/** Every page of `filter`'s listing, as ids. */
function pageIds(store: Store, filter: HistoryFilter): Promise<string[][]> {
  return collectPageIds((cursor) => store.listHistory({ ...filter, cursor }));
}

/** Newest first by (receivedAt desc, id desc). */
function newestFirst(rows: readonly HistoryRecord[]): string[] {
  return [...rows]
    .sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((row) => row.id);
}

/** History listing: order, cursors, filters, invalid cursors. */
export function historyContract(factory: TestStoreFactory): void {
  test('getHistoryRows reads the rows that exist among the ids, oldest first', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const later = historyRecord(connection.id, { id: 'h-later', receivedAt: T0 + 5 });
    const earlier = historyRecord(connection.id, { id: 'h-earlier', receivedAt: T0 });
    await store.recordHistory(later);
    await store.recordHistory(earlier);
    assert.deepEqual(await store.getHistoryRows(['h-later', 'h-missing', 'h-earlier']), [earlier, later]);
    assert.deepEqual(await store.getHistoryRows([]), []);
  });

  test('addHistoryRepeats adds to the repeatCount of a row; false for a row that does not exist', async (t) => {
    const store = await factory.fresh(t);
    const connection = connectionRecord();
    await store.createConnection(connection, null);
    const row = historyRecord(connection.id, {
      outcome: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Invalid secret',
    });
    await store.recordHistory(row);

    assert.equal(await store.addHistoryRepeats(row.id, 2), true);
    assert.equal(await store.addHistoryRepeats(row.id, 1), true);
    assert.equal(await store.addHistoryRepeats('hst_missing', 1), false);
    assert.equal((await store.getHistory(row.id))?.repeatCount, 4);
    assert.equal((await store.listHistory({ limit: 10 })).items[0]?.repeatCount, 4);
  });

  test('listHistory pages newest first with cursors, under filters', async (t) => {
    const store = await factory.fresh(t);
    const first = connectionRecord();
    const second = connectionRecord();
    await store.createConnection(first, null);
    await store.createConnection(second, null);
    const outcomes = [
      'ACCEPTED',
      'UNAUTHORIZED',
      'ACCEPTED',
      'INVALID_JSON',
      'ACCEPTED',
      'UNAUTHORIZED',
    ] as const;
    const rows: HistoryRecord[] = [];
    for (let i = 0; i < 12; i++) {
      const connectionId = i % 3 === 0 ? second.id : first.id;
      // Several rows share a receivedAt so the id tie-breaker matters.
      const row = historyRecord(connectionId, {
        id: `h-${String(i).padStart(2, '0')}`,
        receivedAt: T0 + Math.floor(i / 3),
        outcome: outcomes[i % outcomes.length] ?? 'ACCEPTED',
      });
      rows.push(row);
      await store.recordHistory(row);
    }
    const all = await pageIds(store, { limit: 5 });
    assert.deepEqual(
      all.map((page) => page.length),
      [5, 5, 2],
    );
    assert.deepEqual(all.flat(), newestFirst(rows));
    assert.deepEqual((await pageIds(store, { limit: 6 })).length, 2, 'an exact last page has no cursor');

    const cases: HistoryFilter[] = [
      { connectionId: first.id, limit: 3 },
      { outcome: 'ACCEPTED', limit: 2 },
      { connectionId: first.id, outcome: 'UNAUTHORIZED', limit: 1 },
      { connectionId: 'con_missing', limit: 3 },
      { since: T0 + 1, limit: 4 },
      { until: T0 + 2, limit: 4 },
      { since: T0 + 1, until: T0 + 3, outcome: 'ACCEPTED', limit: 1 },
      { since: T0 + 3, until: T0 + 3, limit: 2 },
    ];
    for (const filter of cases) {
      const expected = rows.filter(
        (row) =>
          (filter.connectionId === undefined || row.connectionId === filter.connectionId) &&
          (filter.outcome === undefined || row.outcome === filter.outcome) &&
          (filter.since === undefined || row.receivedAt >= filter.since) &&
          (filter.until === undefined || row.receivedAt < filter.until),
      );
      const pages = await pageIds(store, filter);
      assert.deepEqual(pages.flat(), newestFirst(expected), JSON.stringify(filter));
      assert.ok(pages.every((page) => page.length <= filter.limit));
    }
  });

  test('listHistory rejects cursors it did not issue with StoreCursorError', async (t) => {
    const store = await factory.fresh(t);
    const forged = [
      '',
      'not a cursor!',
      Buffer.from('not json').toString('base64url'),
      Buffer.from('{"at":1,"id":"x"}').toString('base64url'),
      Buffer.from('[1.5,"x"]').toString('base64url'),
      Buffer.from('["1","x"]').toString('base64url'),
      Buffer.from('[1,""]').toString('base64url'),
    ];
    for (const cursor of forged) {
      await assert.rejects(store.listHistory({ cursor, limit: 10 }), (error: unknown) => {
        assert.ok(error instanceof StoreCursorError, cursor);
        assert.equal(error.code, 'VALIDATION_ERROR');
        return true;
      });
    }
  });
}
