import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../src/core/ids.ts';

/** A prefix, then a UUIDv7 (version 7, RFC 9562 variant) without dashes. */
const ID_SHAPE = /^evt_[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/;

test('ids are prefixed UUIDv7s without dashes, and they embed the current millisecond', () => {
  const before = Date.now();
  const id = newId('evt');
  const after = Date.now();
  assert.match(id, ID_SHAPE);
  const msecs = Number.parseInt(id.slice(4, 16), 16);
  assert.ok(msecs >= before && msecs <= after, `${msecs} not in [${before}, ${after}]`);
});

test('ids are unique and sort in creation order, across many ids per millisecond and pool refills', () => {
  const ids = Array.from({ length: 20_000 }, () => newId('evt'));
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
  for (const id of ids.slice(0, 1000)) assert.match(id, ID_SHAPE);
});

test('the random part differs between ids (not a reused pool slice)', () => {
  const tails = new Set(Array.from({ length: 1000 }, () => newId('hst').slice(-12)));
  assert.equal(tails.size, 1000);
});
