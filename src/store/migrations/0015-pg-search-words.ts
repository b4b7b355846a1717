import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-schema.ts';
import { SEARCH_BODY_CHARS } from '../history-search.ts';

/**
 * The longest lexeme a tsvector holds (bytes). `to_tsvector` drops longer words (with a notice);
 * `array_to_tsvector` refuses them, so the function below drops them itself.
 */
const MAX_LEXEME_BYTES = 2047;

/**
 * Migration 0015, PostgreSQL only: `hookgate_search_document` (migration 0009) builds the same words for
 * about two thirds of the server CPU. The text is made as before — the searchable columns, lower case, every
 * run of characters other than ASCII letters and digits replaced by one space — but its words become the
 * tsvector directly (`array_to_tsvector` of the space-separated words) instead of going through
 * `to_tsvector`'s text search parser, which cost about as much as everything else together. Such words
 * have no positions: a search asks for word prefixes joined by `&` (`history-queries.ts`), which does not
 * read them, except in the one case below.
 *
 * Same words as `to_tsvector('simple', …)` of the same text, so every search finds the same rows, old
 * entries and new ones alike (nothing is rebuilt):
 * - the parser reads a word that starts with digits, `e`, digits and then a letter as a number and a
 *   word (`1e5abc` → `1e5`, `abc`), and so does the query's `to_tsquery`, which then asks for the two as
 *   a phrase (`'1e5':* <-> 'abc':*`): word positions. A text with a word that starts like such a number
 *   (digits, `e`, a digit) could match such a phrase, so it takes the parser's way, positions and all, at
 *   the old cost (rare: text with a number in scientific notation or a word like it); any other text
 *   matches no phrase, with or without positions;
 * - words longer than MAX_LEXEME_BYTES are left out, as `to_tsvector` leaves them out;
 * - `lower(… collate "C")` lowers ASCII letters only, without the database locale's case tables: the text
 *   is ASCII letters, digits and spaces by then.
 * `test/store/pg-search-document.test.ts` compares both functions on tricky rows.
 */
async function postgresUp(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function hookgate_search_document(
      id text, event_id text, message text, headers text, body_preview text)
    returns tsvector language plpgsql immutable parallel safe cost 100 as $$
    declare
      text_words text := lower(regexp_replace(concat_ws(' ', id, event_id, message,
        (select string_agg(value, ' ') from json_each_text(headers::json)),
        left(body_preview, ${sql.lit(SEARCH_BODY_CHARS)})), '[^A-Za-z0-9]+', ' ', 'g') collate "C");
      words text[];
    begin
      if text_words ~ '(^| )[0-9]+e[0-9]' then
        return to_tsvector('simple'::regconfig, text_words);
      end if;
      words := array_remove(string_to_array(text_words, ' '), '');
      if octet_length(text_words) > ${sql.lit(MAX_LEXEME_BYTES)} then
        words := array(select word from unnest(words) word
          where octet_length(word) <= ${sql.lit(MAX_LEXEME_BYTES)});
      end if;
      return array_to_tsvector(words);
    end $$`.execute(db);
}

/** Migration 0015: history search words without the text search parser (see `postgresUp`). */
export function pgSearchWordsMigration(dialect: StoreDialect): Migration {
  return { up: dialect === 'postgres' ? postgresUp : async () => {} };
}
