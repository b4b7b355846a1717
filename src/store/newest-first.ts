import { type SelectQueryBuilder, sql } from 'kysely';
import { clampPageLimit, decodeOptionalCursor, toPage } from './page-cursor.ts';
import type { Page, PageRequest } from './types.ts';

/**
 * One page of a newest-first listing: orders `query` by (`timeColumn` desc, id desc), starts after the
 * request's cursor, and maps the rows with `toItem`. Every list query of the store goes through here, so
 * cursors mean the same everywhere. `query` carries the listing's own filters.
 */
export async function newestFirstPage<DB, TB extends keyof DB, Row extends { id: string }, Item>(
  query: SelectQueryBuilder<DB, TB, Row>,
  timeColumn: string & keyof Row,
  request: PageRequest,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const after = decodeOptionalCursor(request.cursor);
  const limit = clampPageLimit(request.limit);
  const time = sql.ref(timeColumn);
  const id = sql.ref('id');
  const filtered =
    after === undefined ? query : query.where(sql<boolean>`(${time}, ${id}) < (${after.at}, ${after.id})`);
  const rows = await filtered
    .orderBy(time, 'desc')
    .orderBy(id, 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit, (row) => ({ at: Number(row[timeColumn]), id: row.id }), toItem);
}
