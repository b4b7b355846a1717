import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createInProcessingCache,
  IN_PROCESSING_CACHE_TTL_MS,
} from '../../src/store/processing/in-processing-cache.ts';

/** A reader over a mutable set of connections in processing that counts what it was asked. */
function reader(taking: Set<string>) {
  const asked: string[][] = [];
  const read = async (ids: readonly string[]) => {
    asked.push([...ids]);
    return new Set(ids.filter((id) => taking.has(id)));
  };
  return { asked, read };
}

test('answers from the cache until it is cleared or its answers are older than the TTL', async () => {
  let now = 0;
  const cache = createInProcessingCache(() => now);
  const rows = new Set(['con_a']);
  const { asked, read } = reader(rows);
  assert.deepEqual([...(await cache.lookup(['con_a', 'con_b', 'con_a'], read))], ['con_a']);
  assert.deepEqual(asked, [['con_a', 'con_b']]);
  rows.add('con_b');
  assert.deepEqual([...(await cache.lookup(['con_b'], read))], []);
  assert.equal(asked.length, 1);
  cache.clear();
  assert.deepEqual([...(await cache.lookup(['con_b'], read))], ['con_b']);
  rows.delete('con_a');
  now += IN_PROCESSING_CACHE_TTL_MS;
  assert.deepEqual([...(await cache.lookup(['con_a', 'con_b'], read))], ['con_b']);
  assert.deepEqual(asked.at(-1), ['con_a', 'con_b']);
});

test('a read that a clear overtook is answered but not kept', async () => {
  const cache = createInProcessingCache(() => 0);
  const rows = new Set<string>();
  const { asked, read } = reader(rows);
  const slow = cache.lookup(['con_a'], async (ids) => {
    const answer = await read(ids);
    rows.add('con_a');
    cache.clear();
    return answer;
  });
  assert.deepEqual([...(await slow)], []);
  assert.deepEqual([...(await cache.lookup(['con_a'], read))], ['con_a']);
  assert.equal(asked.length, 2);
});
