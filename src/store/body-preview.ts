import { isUtf8 } from 'node:buffer';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.ts';
import { SEARCH_BODY_CHARS } from './history-search.ts';
import { withoutNul } from './row-mappers.ts';
import type { HistoryRecord } from './types.ts';

/*
 * The body preview of a history row, and the row that does not store it.
 *
 * An accepted request's body is stored verbatim as its event (`events.body`). Its history row used to
 * store the first 4 KB of that body again, as text (`history.body_preview`): the body written twice in
 * every group commit. Now the row of an accepted event stores an empty preview when the preview can be
 * read back from the event — the convention is "`body_preview = ''` and `event_id` set: the preview is
 * the event body's", and every read (listing, detail, live tail, processing's updated rows, search)
 * derives it with the same function the ingest made it with, so users see the same text. No migration:
 * rows written before keep their stored preview (non-empty), and an accepted row whose stored preview was
 * empty had an empty body, whose derived preview is empty too.
 *
 * A row keeps its stored preview when it has no event of its own (refused, DUPLICATE, handshake), when
 * the preview is not the body's first 4 KB (signature fields in the body redacted), and when the head of
 * the body is not plain UTF-8 text (invalid UTF-8 or U+0000): the search SQL below derives the searchable
 * start of the body from the event's bytes and relies on that. Events and their history rows are deleted
 * together (retention deletes both at the same `received_at` bound in one transaction; a connection's
 * delete cascades to both), so a row never outlives the event its preview is read from.
 */

/** The size of the body preview kept in history. */
export const BODY_PREVIEW_BYTES = 4096;

/**
 * The body preview of `body`: its first BODY_PREVIEW_BYTES as UTF-8 text (invalid UTF-8 and a character
 * cut at the end replaced by U+FFFD). The one definition, for the ingest that makes a preview and the
 * store that derives one from an event's body.
 */
export function bodyPreviewText(body: Uint8Array): string {
  // A view over the body's own bytes, not a copy of them (Buffer.from(Uint8Array) would copy).
  return Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, BODY_PREVIEW_BYTES)).toString(
    'utf8',
  );
}

/** The length of `bytes[0, end)` cut back to the start of the UTF-8 character `end` falls in. */
function characterBoundary(bytes: Uint8Array, end: number): number {
  let cut = Math.min(end, bytes.byteLength);
  // Continuation bytes are 10xxxxxx; a character has at most 3 of them.
  for (let back = 0; back < 3 && cut < bytes.byteLength && ((bytes[cut] ?? 0) & 0xc0) === 0x80; back++) cut--;
  return cut;
}

/**
 * What the history row of an accepted event stores as its preview: empty when `preview` is what
 * `bodyPreviewText` derives from the event's `body` and that head is UTF-8 without U+0000 (then it is
 * read from the event), else `preview` itself.
 */
export function storedBodyPreview(body: Uint8Array, preview: string): string {
  const whole = body.byteLength <= BODY_PREVIEW_BYTES;
  const head = whole ? body : body.subarray(0, characterBoundary(body, BODY_PREVIEW_BYTES));
  if (head.indexOf(0) !== -1 || !isUtf8(head)) return preview;
  const derived = whole ? isTextOf(preview, body) : preview === bodyPreviewText(body);
  return derived ? '' : preview;
}

/** Room for a preview of at most BODY_PREVIEW_BYTES encoded (`isTextOf`), reused by every call. */
const encodedPreview = Buffer.allocUnsafe(BODY_PREVIEW_BYTES);

/** A lone surrogate (UTF-16 half of a pair without its other half). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether `text` is the text of `bytes`, valid UTF-8 of at most BODY_PREVIEW_BYTES: compared as bytes,
 * `text` encoded into reused space, instead of decoding `bytes` into a new string (the hot path asks this
 * of every accepted event). A well-formed string encodes to exactly the bytes it is the text of; a lone
 * surrogate encodes as U+FFFD, which the bytes would decode to instead, so such a text never matches.
 */
function isTextOf(text: string, bytes: Uint8Array): boolean {
  const length = Buffer.byteLength(text, 'utf8');
  if (length !== bytes.byteLength) return false;
  // All ASCII when every UTF-16 unit took one byte: no surrogate to look for.
  if (length !== text.length && LONE_SURROGATE.test(text)) return false;
  // The plain forms of write and equals: their offset arguments are validated through wrappers that
  // allocate on every call.
  encodedPreview.write(text);
  return encodedPreview.subarray(0, length).equals(bytes);
}

/** Whether a row with this stored preview and event reads its preview from the event. */
export function previewFromEvent(row: {
  readonly bodyPreview: string;
  readonly eventId: string | null;
}): boolean {
  return row.bodyPreview === '' && row.eventId !== null;
}

/** How many bytes of the body hold its first SEARCH_BODY_CHARS characters at most (4 bytes each). */
const SEARCH_BODY_BYTES = SEARCH_BODY_CHARS * 4;

/**
 * SQLite: the searchable start of the body of history row `h` (its first SEARCH_BODY_CHARS characters),
 * from its stored preview or from its event. The event's head is valid UTF-8 (see `storedBodyPreview`),
 * so SQLite's character count over its bytes is the preview's; a character cut at SEARCH_BODY_BYTES lies
 * past the first SEARCH_BODY_CHARS characters.
 */
export function sqliteSearchBodyStart(h: string): string {
  return `case when ${h}.body_preview = '' and ${h}.event_id is not null
      then coalesce((select substr(cast(substr(e.body, 1, ${SEARCH_BODY_BYTES}) as text), 1, ${SEARCH_BODY_CHARS})
        from events e where e.id = ${h}.event_id), '')
      else substr(${h}.body_preview, 1, ${SEARCH_BODY_CHARS}) end`;
}

/**
 * PostgreSQL: the body preview text of history row `h` that search reads (`hookgate_search_document`
 * keeps its first SEARCH_BODY_CHARS characters): the stored preview, or the event's first
 * SEARCH_BODY_BYTES cut back to a character boundary (valid UTF-8 without 0 bytes, see
 * `storedBodyPreview`, so `convert_from` cannot fail). Only that slice of the body is read.
 */
export function pgSearchBodyPreview(h: string): string {
  const n = SEARCH_BODY_BYTES;
  const continues = (index: number) => `get_byte(b, ${index}) & 192 = 128`;
  return `case when ${h}.body_preview = '' and ${h}.event_id is not null
      then coalesce((select convert_from(substring(b from 1 for case
          when length(b) <= ${n} or not ${continues(n)} then ${n}
          when not ${continues(n - 1)} then ${n - 1}
          when not ${continues(n - 2)} then ${n - 2}
          else ${n - 3} end), 'UTF8')
        from (select substring(e.body from 1 for ${n + 1}) as b from events e where e.id = ${h}.event_id) head), '')
      else ${h}.body_preview end`;
}

/**
 * `rows` with the preview of each row that reads it from its event filled in (one query for all of them,
 * only the first BODY_PREVIEW_BYTES of each body). A row whose event is gone (purged with it between the
 * two reads) keeps its empty preview.
 */
export async function withBodyPreviews(
  db: Kysely<Database>,
  rows: readonly HistoryRecord[],
): Promise<HistoryRecord[]> {
  const ids = rows.flatMap((row) => (previewFromEvent(row) && row.eventId !== null ? [row.eventId] : []));
  if (ids.length === 0) return [...rows];
  const heads = await db
    .selectFrom('events')
    .select(['id', sql<Uint8Array | null>`substr(body, 1, ${sql.lit(BODY_PREVIEW_BYTES)})`.as('head')])
    .where('id', 'in', ids)
    .execute();
  // SQLite's substr of an empty blob is null.
  const previews = new Map(
    heads.map((event) => [event.id, event.head === null ? '' : withoutNul(bodyPreviewText(event.head))]),
  );
  return rows.map((row) => {
    const preview = previewFromEvent(row) && row.eventId !== null ? previews.get(row.eventId) : undefined;
    return preview === undefined ? row : { ...row, bodyPreview: preview };
  });
}
