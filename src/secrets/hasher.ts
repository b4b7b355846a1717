import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { createLruMap } from './lru-map.ts';

/** One-way hashing of shared secrets (bcrypt), with a fast cache that keeps bcrypt off the hot path. */
export interface SecretHasher {
  /** bcrypt hash of `secret` (async, in short slices that yield to the event loop). The value is cached as verified for this hash. */
  hash(secret: string): Promise<string>;
  /** Same answer as a bcrypt compare of `presented` against `hash`; usually answered from the cache. */
  verify(presented: string, hash: string): Promise<boolean>;
  /** Drops the cache entry of a retired hash (memory only: cached answers never go stale). */
  forget(hash: string): void;
  /** Counters for tests and metrics. */
  stats(): { readonly entries: number; readonly bcryptCalls: number };
}

/** Options of {@link createSecretHasher}. */
export interface SecretHasherOptions {
  /** bcrypt cost factor, 4–31; default 10 (~50 ms). Tests use 4. */
  readonly cost?: number;
  /** Maximum number of cached hashes (least recently used evicted first); default 10 000. */
  readonly maxEntries?: number;
}

interface CacheEntry {
  /** HMAC-SHA256, under the per-process key, of the value already verified against this hash. */
  readonly mac: Buffer;
  /** That value is at most 72 bytes and has no NUL byte (see `isCanonical`). */
  readonly canonical: boolean;
}

/**
 * Why a cache miss can be a definite reject. bcrypt ($2a/$2b/$2y) keys Blowfish with the password bytes
 * plus a terminating NUL, truncated to 72 bytes and repeated cyclically. For values of at most 72 bytes
 * without NUL, that key stream determines the value (the first NUL marks its end, or there is none and the
 * value is the whole 72 bytes), so two different such values give two different key streams, and equal
 * bcrypt outputs for them would be a collision of the 184-bit digest (negligible). Hence, if value V is
 * known to match hash H and P ≠ V, both canonical, P does not match H. Values longer than 72 bytes
 * (truncation: V's first 72 bytes also match) or containing NUL (`a` and `a\0a` share a key stream; checked)
 * are not covered: those go to bcrypt.
 */
function isCanonical(bytes: Buffer): boolean {
  return bytes.length <= 72 && !bytes.includes(0);
}

const STANDARD_PREFIX = /^\$2[aby]\$/;

/**
 * Creates a secret hasher on `bcryptjs` (pure JavaScript: no native build, no platform packages). The cache maps a bcrypt hash to a keyed fast hash
 * (HMAC-SHA256 under a random per-process key) of the value already verified against it; lookups compare
 * with `timingSafeEqual`. Concurrent verifications of the same value share one bcrypt call.
 */
export function createSecretHasher(options: SecretHasherOptions = {}): SecretHasher {
  const cost = options.cost ?? 10;
  const cache = createLruMap<string, CacheEntry>(options.maxEntries ?? 10_000);
  const inFlight = new Map<string, Promise<boolean>>();
  // A KeyObject: createHmac with a raw Buffer key re-imports it on every call (several times slower).
  const cacheKey = createSecretKey(randomBytes(32));
  let bcryptCalls = 0;

  const macOf = (bytes: Buffer): Buffer => createHmac('sha256', cacheKey).update(bytes).digest();

  const remember = (hash: string, mac: Buffer, canonical: boolean): void => {
    const existing = cache.get(hash);
    // Keep a canonical entry: it is the one that allows definite rejects.
    if (existing === undefined || (!existing.canonical && canonical)) cache.set(hash, { mac, canonical });
  };

  const runBcrypt = (presented: string, bytes: Buffer, hash: string, mac: Buffer): Promise<boolean> => {
    const key = `${hash}\n${mac.toString('base64')}`;
    const pending = inFlight.get(key);
    if (pending !== undefined) return pending;
    bcryptCalls += 1;
    const run = bcrypt
      .compare(presented, hash)
      .catch(() => false)
      .then((ok) => {
        if (ok) remember(hash, mac, isCanonical(bytes));
        return ok;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, run);
    return run;
  };

  return {
    async hash(secret: string): Promise<string> {
      const bytes = Buffer.from(secret, 'utf8');
      const hashed = await bcrypt.hash(secret, cost);
      remember(hashed, macOf(bytes), isCanonical(bytes));
      return hashed;
    },
    async verify(presented: string, hash: string): Promise<boolean> {
      if (typeof presented !== 'string' || typeof hash !== 'string') return false;
      const bytes = Buffer.from(presented, 'utf8');
      const mac = macOf(bytes);
      const entry = cache.get(hash);
      if (entry !== undefined) {
        if (timingSafeEqual(entry.mac, mac)) return true;
        if (entry.canonical && isCanonical(bytes) && STANDARD_PREFIX.test(hash)) return false;
      }
      return runBcrypt(presented, bytes, hash, mac);
    },
    forget(hash: string): void {
      cache.delete(hash);
    },
    stats() {
      return { entries: cache.size, bcryptCalls };
    },
  };
}
