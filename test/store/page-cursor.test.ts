import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  clampPageLimit,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_LIMIT,
  toPage,
} from '../../src/store/page-cursor.ts';
import { StoreCursorError } from '../../src/store/store-errors.ts';

describe('page cursors', () => {
  test('encodeCursor output is base64url and decodes to the same key', () => {
    const key = { at: 1_700_000_000_123, id: 'his_ü/+=' };
    const cursor = encodeCursor(key);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(cursor), key);
  });

  test('anything else is a StoreCursorError', () => {
    for (const cursor of ['', '%%%', 'WzEsMl0', Buffer.from('[1,"a",3]').toString('base64url')]) {
      assert.throws(() => decodeCursor(cursor), StoreCursorError, cursor);
    }
  });

  test('clampPageLimit keeps limits within 1..MAX_PAGE_LIMIT', () => {
    assert.deepEqual([0, -5, 2.7, 10, 10_000, Number.NaN].map(clampPageLimit), [
      1,
      1,
      2,
      10,
      MAX_PAGE_LIMIT,
      1,
    ]);
  });

  test('toPage uses the extra row only to decide whether a next page exists', () => {
    const rows = [3, 2, 1].map((n) => ({ at: n, id: `r${n}` }));
    const more = toPage(
      rows,
      2,
      (row) => row,
      (row) => row.id,
    );
    assert.deepEqual(more.items, ['r3', 'r2']);
    assert.deepEqual(decodeCursor(more.nextCursor ?? ''), { at: 2, id: 'r2' });
    assert.equal(
      toPage(
        rows,
        3,
        (row) => row,
        (row) => row.id,
      ).nextCursor,
      null,
    );
  });
});
