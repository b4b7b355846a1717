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

/** A row's search text: its searchable columns joined by spaces, as they are. */
function searchText(row: SearchableRow): string {
  return [row.id, row.event_id ?? '', row.message ?? '', ...headerValues(row.headers), row.body_start].join(
    ' ',
  );
}

const NOT_WORD = /[^A-Za-z0-9]+/g;

/** `text`'s words, lower case, space-separated. */
function wordsOf(text: string): string {
  return text.replace(NOT_WORD, ' ').trim().toLowerCase();
}

/** A row's searchable words, lower case, space-separated (the words the SQLite index holds). */
export function searchDocument(row: SearchableRow): string {
  return wordsOf(searchText(row));
}

/** Text of printable ASCII characters only (space to `~`). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * What the SQLite index is given for a row (migration 0009's FTS5 `unicode61` tokenizer splits it into
 * words): text that splits into exactly the words of `searchDocument`. In printable ASCII that tokenizer
 * splits at every character other than a letter or digit and folds letters to lower case, as
 * `searchDocument` does, so such text is indexed as it is, without the replace and lower-casing passes
 * (about 1 µs per row); any other text (non-ASCII letters, which the tokenizer would keep in words,
 * control characters) is indexed as its `searchDocument`.
 */
export function searchIndexText(row: SearchableRow): string {
  const text = searchText(row);
  return PRINTABLE_ASCII.test(text) ? text : wordsOf(text);
}

/** True when every query word starts some word of `document` (both as `searchWords` makes them). */
export function documentMatches(document: string, queryWords: readonly string[]): boolean {
  const words = document.split(' ');
  return queryWords.every((query) => words.some((word) => word.startsWith(query)));
}
