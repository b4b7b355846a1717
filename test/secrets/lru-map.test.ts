import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLruMap } from '../../src/secrets/lru-map.ts';

test('evicts the least recently used entry once full (reads count as use)', () => {
  const lru = createLruMap<string, number>(3);
  lru.set('a', 1);
  lru.set('b', 2);
  lru.set('c', 3);
  assert.equal(lru.get('a'), 1); // a is now the most recently used
  lru.set('d', 4); // evicts b
  assert.equal(lru.size, 3);
  assert.equal(lru.get('b'), undefined);
  assert.deepEqual([lru.get('a'), lru.get('c'), lru.get('d')], [1, 3, 4]);
});

test('a set replaces the value and counts as use', () => {
  const lru = createLruMap<string, number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  lru.set('a', 10); // a is the most recently used
  lru.set('c', 3); // evicts b
  assert.equal(lru.get('a'), 10);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.delete('c'), true);
  assert.equal(lru.size, 1);
});

test('refuses a size that is not a positive integer', () => {
  assert.throws(() => createLruMap(0), RangeError);
  assert.throws(() => createLruMap(1.5), RangeError);
});
