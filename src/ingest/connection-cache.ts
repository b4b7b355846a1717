import type { Clock } from '../core/index.ts';
import { createLruMap } from '../secrets/index.ts';
import type {
  ConnectionRecord,
  ConnectionRepository,
  ConnectionSecretRepository,
  SecretVersionRecord,
} from '../store/index.ts';

/** A connection with the secret versions that were active when it was loaded. */
export interface LoadedConnection {
  readonly connection: ConnectionRecord;
  readonly secrets: readonly SecretVersionRecord[];
}

/**
 * How long a loaded connection is reused before it is read again. Changes made through this process
 * (update, rotate, delete) invalidate at once, and other instances of a cluster are told through the
 * cluster bus; this bounds how late an instance sees a change whose signal it missed.
 */
export const CONNECTION_CACHE_TTL_MS = 1000;

/** Reads connections and their active secrets for the hot path, with a short-lived cache. */
export interface ConnectionCache {
  /**
   * The connection and the secret versions active at `now`, or null when it does not exist: at once (no
   * promise) when the cache holds the answer, else once the store has been read.
   */
  load(connectionId: string, now: number): LoadedConnection | null | Promise<LoadedConnection | null>;
  /** Forgets a connection after it changed. */
  invalidate(connectionId: string): void;
  /** Forgets every connection (changes may have been missed). */
  clear(): void;
}

/** Creates the cache over `store`; expiry of rotated-out secrets is re-checked at every use. */
export function createConnectionCache(
  store: Pick<ConnectionRepository, 'getConnection'> & Pick<ConnectionSecretRepository, 'activeSecrets'>,
  clock: Clock,
  maxEntries = 10_000,
): ConnectionCache {
  let entries = createLruMap<string, { loaded: LoadedConnection | null; loadedAt: number }>(maxEntries);
  // Bumped by every invalidation: a read that started before one is returned but not kept, since it may
  // hold the row as it was before the change.
  let generation = 0;
  const read = async (connectionId: string, now: number): Promise<LoadedConnection | null> => {
    const readAt = generation;
    const connection = await store.getConnection(connectionId);
    const loaded = connection ? { connection, secrets: await store.activeSecrets(connectionId, now) } : null;
    if (readAt === generation) entries.set(connectionId, { loaded, loadedAt: clock.now() });
    return activeAt(loaded, now);
  };
  return {
    load(connectionId, now) {
      const cached = entries.get(connectionId);
      if (cached && clock.now() - cached.loadedAt < CONNECTION_CACHE_TTL_MS)
        return activeAt(cached.loaded, now);
      return read(connectionId, now);
    },
    invalidate(connectionId) {
      generation += 1;
      entries.delete(connectionId);
    },
    clear() {
      generation += 1;
      entries = createLruMap(maxEntries);
    },
  };
}

/** The loaded connection with only the secret versions still active at `now`. */
function activeAt(loaded: LoadedConnection | null, now: number): LoadedConnection | null {
  if (loaded === null) return null;
  // Usually every secret is still active: then the cached entry is returned without a copy.
  if (loaded.secrets.every((secret) => isActive(secret, now))) return loaded;
  const secrets = loaded.secrets.filter((secret) => isActive(secret, now));
  return { connection: loaded.connection, secrets };
}

/** Whether a secret version has not expired at `now`. */
function isActive(secret: SecretVersionRecord, now: number): boolean {
  return secret.expiresAt === null || secret.expiresAt > now;
}
