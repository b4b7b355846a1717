import type pg from 'pg';
import { withoutNul } from './row-mappers.ts';

/**
 * A bound query parameter as both stores receive it: text has U+0000 replaced by U+FFFD, anything else is
 * unchanged. PostgreSQL `text` cannot hold U+0000 and rejects the whole query when one is bound, even a
 * lookup (`where id = 'x\0'`), so a path such as `/api/v1/events/%00` or a query filter with `%00` failed
 * there while SQLite found nothing. Mapping every parameter (on both stores) makes such a lookup find
 * nothing and such a write store U+FFFD, identically, whichever route or query the text came through.
 */
export function textSafeParameter(value: unknown): unknown {
  return typeof value === 'string' ? withoutNul(value) : value;
}

/** Makes every client of `pool` bind its parameters through `textSafeParameter`. */
export function bindTextSafely(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const safeQuery = (config: unknown, values?: unknown, callback?: unknown): unknown =>
      query(config, Array.isArray(values) ? values.map(textSafeParameter) : values, callback);
    Object.assign(client, { query: safeQuery });
  });
}
