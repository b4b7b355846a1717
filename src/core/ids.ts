import { v7 as uuidv7 } from 'uuid';

/** Prefixes that say what an id names. */
export type IdPrefix = 'con' | 'sec' | 'evt' | 'hst' | 'msg' | 'app' | 'ep' | 'att' | 'flw' | 'run' | 'ctc';

/**
 * A new id such as `evt_0193c2…`: a UUIDv7 without dashes. UUIDv7 is monotonic within the process, so ids
 * created later sort later; lists order by (time, id) and ties on the injected clock keep arrival order.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${uuidv7().replaceAll('-', '')}`;
}
