import { StoreCursorError } from './store-errors.ts';
import type { Page } from './types.ts';

/** Where a newest-first listing stopped: the last item's time and id (the tie-breaker). */
export interface SortKey {
  readonly at: number;
  readonly id: string;
}

/** Largest page the store returns, whatever the caller asks for. */
export const MAX_PAGE_LIMIT = 500;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Encodes a sort key as an opaque base64url cursor. */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; throws `StoreCursorError` for anything else. */
export function decodeCursor(cursor: string): SortKey {
  if (!BASE64URL.test(cursor)) throw new StoreCursorError(cursor);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new StoreCursorError(cursor);
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw new StoreCursorError(cursor);
  const [at, id]: unknown[] = decoded;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || typeof id !== 'string' || id === '') {
    throw new StoreCursorError(cursor);
  }
  return { at, id };
}

/** The optional cursor of a page request, decoded (undefined for the first page). */
export function decodeOptionalCursor(cursor: string | undefined): SortKey | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor);
}

/** Clamps a requested page size to 1..MAX_PAGE_LIMIT (non-numbers count as 1). */
export function clampPageLimit(limit: number): number {
  if (!Number.isFinite(limit)) return 1;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_PAGE_LIMIT);
}

/**
 * Builds a page from up to `limit + 1` rows fetched newest first: the extra row only signals that
 * another page exists, and the cursor points at the last row returned.
 */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  sortKeyOf: (row: Row) => SortKey,
  toItem: (row: Row) => Item,
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(sortKeyOf(last)) : null;
  return { items: pageRows.map(toItem), nextCursor };
}
