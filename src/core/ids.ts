import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Prefixes that say what an id names. */
export type IdPrefix = 'con' | 'sec' | 'evt' | 'hst' | 'msg' | 'app' | 'ep' | 'att' | 'flw' | 'run' | 'ctc';

/** Random bytes are drawn from the OS in blocks of this size (one call per 256 ids, not one per id). */
const RANDOM_POOL_BYTES = 4096;
const randomPool = new Uint8Array(RANDOM_POOL_BYTES);
let poolOffset = RANDOM_POOL_BYTES;
/** The pool's 16-byte slices as views made once (a view per id would be an allocation per id). */
const poolSlices = Array.from({ length: RANDOM_POOL_BYTES / 16 }, (_, slot) =>
  randomPool.subarray(slot * 16, slot * 16 + 16),
);

/** The last id's millisecond and sequence: ids created later in this process sort later. */
const lastId = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

/**
 * 16 fresh random bytes from the pool (refilled from the OS's CSPRNG when used up). The view is reused
 * once the pool is refilled: read it before asking for 256 more.
 */
function randomBytes16(): Uint8Array {
  if (poolOffset + 16 > RANDOM_POOL_BYTES) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const slice = poolSlices[poolOffset / 16] as Uint8Array;
  poolOffset += 16;
  return slice;
}

/**
 * Moves `lastId` to the millisecond and 31-bit sequence of the next id, as RFC 9562's "monotonic random"
 * method: a new millisecond starts from a random sequence, the same (or an earlier, clock stepped back)
 * millisecond increments it, and an overflowing sequence borrows the next millisecond.
 */
function advanceTimeAndSequence(random: Uint8Array): void {
  const now = Date.now();
  if (now > lastId.msecs) {
    lastId.msecs = now;
    const [, , , , , , b6 = 0, b7 = 0, b8 = 0, b9 = 0] = random;
    lastId.seq = ((b6 & 0x7f) << 24) | (b7 << 16) | (b8 << 8) | b9;
  } else {
    lastId.seq = (lastId.seq + 1) | 0;
    if (lastId.seq === 0) lastId.msecs += 1;
  }
}

/** The 16 bytes of the id being made (the uuid package writes them here; read at once as hex). */
const idBytes = Buffer.alloc(16);

/**
 * A new id such as `evt_0193c2…`: a UUIDv7 without dashes. UUIDv7 is monotonic within the process, so ids
 * created later sort later; lists order by (time, id) and ties on the injected clock keep arrival order.
 * The uuid package lays out the bytes (into a reused buffer, read as hex: no dashed string to strip); the
 * random bytes come from a pooled CSPRNG buffer, because asking the OS for 16 bytes per id costs more than
 * the rest of the id.
 */
export function newId(prefix: IdPrefix): string {
  const random = randomBytes16();
  advanceTimeAndSequence(random);
  uuidv7({ random, msecs: lastId.msecs, seq: lastId.seq }, idBytes, 0);
  return `${prefix}_${idBytes.toString('hex')}`;
}
