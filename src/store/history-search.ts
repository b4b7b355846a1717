/**
 * History text search (`q`), one definition for both stores. A row's search text is its id, event id,
 * message, header values and the first SEARCH_BODY_CHARS characters of its body preview. Words are runs
 * of ASCII letters and digits, compared case-insensitively; everything else (punctuation, spaces,
 * non-ASCII characters) separates words. A row matches when every word of `q` starts a word of the row's
 * search text (`ord 12` finds `order_123`; `rder` does not).
 *
 * Words stay ASCII so that SQLite's FTS5, PostgreSQL's tsvector (whatever the database's locale) and the
 * scan of not-yet-indexed rows split text the same way.
 */

/** How much of the body preview is searchable: bounds the indexing cost per row. */
export const SEARCH_BODY_CHARS = 512;

/** Most words a query may have (each is one index lookup). */
export const MAX_SEARCH_WORDS = 8;

const WORD = /[A-Za-z0-9]+/g;

/** The lower-case words of `text`, in order (repeats kept). */
export function searchWords(text: string): string[] {
  return (text.match(WORD) ?? []).map((word) => word.toLowerCase());
}

/** The columns of a history row that search reads. */
export interface SearchableRow {
  readonly id: string;
  readonly event_id: string | null;
  readonly message: string | null;
  /** JSON object of header name → value. */
  readonly headers: string;
  /** The first SEARCH_BODY_CHARS characters of the body preview, cut by the store (code points). */
  readonly body_start: string;
}

/** The header values of a stored headers object (names are not searchable). */
function headerValues(headers: string): string[] {
  try {
    const parsed: unknown = JSON.parse(headers);
    if (parsed === null || typeof parsed !== 'object') return [];
    return Object.values(parsed).filter((value): value is string => typeof value === 'string');
  } catch {
    return [];
  }
}

const NOT_WORD = /[^A-Za-z0-9]+/g;

/** A row's searchable words, lower case, space-separated (what the SQLite index stores). */
export function searchDocument(row: SearchableRow): string {
  const parts = [row.id, row.event_id ?? '', row.message ?? '', ...headerValues(row.headers), row.body_start];
  return parts.join(' ').replace(NOT_WORD, ' ').trim().toLowerCase();
}

/** True when every query word starts some word of `document` (both as `searchWords` makes them). */
export function documentMatches(document: string, queryWords: readonly string[]): boolean {
  const words = document.split(' ');
  return queryWords.every((query) => words.some((word) => word.startsWith(query)));
}
