/** A size-bounded map that evicts the least recently used entry (reads count as use). */
export interface LruMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  readonly size: number;
}

/**
 * Creates an LRU map on a `Map`, whose iteration order is insertion order: a read re-inserts the entry at
 * the end, so the first key is the least recently used one. Re-inserting costs a delete and a set on every
 * hit (hot: the gateway reads two caches per request), so a read re-orders only once the map is at least
 * half full; below that nothing is near eviction, and entries keep their insertion order.
 */
export function createLruMap<K, V>(maxEntries: number): LruMap<K, V> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }
  const map = new Map<K, V>();
  return {
    get(key: K): V | undefined {
      const value = map.get(key);
      if (value !== undefined && map.size * 2 >= maxEntries) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key: K, value: V): void {
      map.delete(key);
      map.set(key, value);
      if (map.size > maxEntries) {
        const oldest = map.keys().next();
        if (oldest.done !== true) map.delete(oldest.value);
      }
    },
    delete(key: K): boolean {
      return map.delete(key);
    },
    get size(): number {
      return map.size;
    },
  };
}
