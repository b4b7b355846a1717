/**
 * How long this store trusts what it read about a connection taking part in processing. Changes made
 * through this store (settings, capture, samples, flows) forget the cache at once; this bounds how late a
 * change made by another instance is seen. An event skipped meanwhile is not lost: the processing scan
 * finds every accepted event nobody claimed.
 */
export const IN_PROCESSING_CACHE_TTL_MS = 1000;

/** Remembers which connections take part in processing, so the ingest's nudges skip the query. */
export interface InProcessingCache {
  /** The connections among `connectionIds` that take part, reading from `read` only the ones not cached. */
  lookup(
    connectionIds: readonly string[],
    read: (ids: readonly string[]) => Promise<ReadonlySet<string>>,
  ): Promise<ReadonlySet<string>>;
  /** Forgets everything (a processing setting or flow changed). */
  clear(): void;
}

/**
 * Creates the cache; `now` is a monotonic time source in ms (a cache lifetime, not event time). Bounded at
 * `maxEntries`: when full it starts over.
 */
export function createInProcessingCache(now: () => number, maxEntries = 10_000): InProcessingCache {
  let entries = new Map<string, { taking: boolean; readAt: number }>();
  // Bumped by every clear: a read that started before one is answered but not kept, since it may hold
  // the rows as they were before the change.
  let generation = 0;
  return {
    async lookup(connectionIds, read) {
      const at = now();
      const taking = new Set<string>();
      const missing: string[] = [];
      for (const id of connectionIds) {
        const cached = entries.get(id);
        if (cached === undefined || at - cached.readAt >= IN_PROCESSING_CACHE_TTL_MS) {
          if (!missing.includes(id)) missing.push(id);
        } else if (cached.taking) taking.add(id);
      }
      if (missing.length === 0) return taking;
      const readFrom = generation;
      const found = await read(missing);
      const keep = readFrom === generation;
      if (keep && entries.size + missing.length > maxEntries) entries = new Map();
      for (const id of missing) {
        if (found.has(id)) taking.add(id);
        if (keep) entries.set(id, { taking: found.has(id), readAt: at });
      }
      return taking;
    },
    clear() {
      generation += 1;
      entries = new Map();
    },
  };
}
