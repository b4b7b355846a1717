import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Prefixes that say what an id names. */
export type IdPrefix = 'con' | 'sec' | 'evt' | 'hst' | 'msg' | 'app' | 'ep' | 'att' | 'flw' | 'run' | 'ctc';

/** Random bytes are drawn from the OS in blocks of this size (one call per 256 ids, not one per id). */
const RANDOM_POOL_BYTES = 4096;
const randomPool = new Uint8Array(RANDOM_POOL_BYTES);
let poolOffset = RANDOM_POOL_BYTES;

/** The last id's millisecond and sequence: ids created later in this process sort later. */
const lastId = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

/** 16 fresh random bytes from the pool (refilled from the OS's CSPRNG when used up). */
function randomBytes16(): Uint8Array {
  if (poolOffset + 16 > RANDOM_POOL_BYTES) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return randomPool.subarray(poolOffset - 16, poolOffset);
}

/**
 * The millisecond and 31-bit sequence of the next id, as RFC 9562's "monotonic random" method: a new
 * millisecond starts from a random sequence, the same (or an earlier, clock stepped back) millisecond
 * increments it, and an overflowing sequence borrows the next millisecond.
 */
function nextTimeAndSequence(random: Uint8Array): { msecs: number; seq: number } {
  const now = Date.now();
  if (now > lastId.msecs) {
    lastId.msecs = now;
    const [, , , , , , b6 = 0, b7 = 0, b8 = 0, b9 = 0] = random;
    lastId.seq = ((b6 & 0x7f) << 24) | (b7 << 16) | (b8 << 8) | b9;
  } else {
    lastId.seq = (lastId.seq + 1) | 0;
    if (lastId.seq === 0) lastId.msecs += 1;
  }
  return { msecs: lastId.msecs, seq: lastId.seq };
}

/**
 * A new id such as `evt_0193c2…`: a UUIDv7 without dashes. UUIDv7 is monotonic within the process, so ids
 * created later sort later; lists order by (time, id) and ties on the injected clock keep arrival order.
 * The uuid package lays out the bytes; the random bytes come from a pooled CSPRNG buffer, because asking
 * the OS for 16 bytes per id costs more than the rest of the id.
 */
export function newId(prefix: IdPrefix): string {
  const random = randomBytes16();
  return `${prefix}_${uuidv7({ random, ...nextTimeAndSequence(random) }).replaceAll('-', '')}`;
}
