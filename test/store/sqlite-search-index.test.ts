import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { createStore } from '../../src/store/create-store.ts';
import {
  type SearchableRow,
  searchDocument,
  searchIndexText,
  searchWords,
} from '../../src/store/history-search.ts';
import { inspectSqliteFile } from './sqlite-test-helper.ts';

// The SQLite indexer gives FTS5 `searchIndexText`, not `searchDocument`: printable ASCII text as it is,
// trusting the index's tokenizer to split and fold it into the document's very words. These tests run
// that tokenizer, as the migrated schema defines the index, on both texts.

const root = mkdtempSync(join(tmpdir(), 'hookgate-search-index-'));
/** An in-memory copy of the migrated store's `history_fts` (same definition) and its vocabulary. */
let database: DatabaseSync;

before(async () => {
  const store = createStore({ dataDir: root });
  await store.migrate();
  await store.close();
  const definition = inspectSqliteFile(root, (file) => {
    const row = file.prepare("select sql from sqlite_master where name = 'history_fts'").get();
    return String(row?.sql);
  });
  database = new DatabaseSync(':memory:');
  database.exec(definition);
  database.exec("create virtual table vocabulary using fts5vocab('history_fts', 'row')");
});

after(() => {
  database.close();
  rmSync(root, { recursive: true, force: true });
});

/** The words (sorted, distinct) the index makes of `text`. */
function indexedWords(text: string): string[] {
  database.prepare('insert into history_fts (rowid, words) values (1, ?)').run(text);
  try {
    return database
      .prepare('select term from vocabulary order by term')
      .all()
      .map((row) => String(row.term));
  } finally {
    database.prepare('delete from history_fts where rowid = 1').run();
  }
}

/** A row whose searchable text is `text` (in its message), with headers holding `header`. */
function row(text: string, header = 'plain'): SearchableRow {
  return {
    id: 'his_0190abc',
    event_id: 'evt_0190DEF',
    message: text,
    headers: JSON.stringify({ 'x-a': header }),
    body_start: `{"t":"${text}"}`,
  };
}

/** Every printable ASCII character, each between two words. */
const PUNCTUATED = Array.from(
  { length: 0x7f - 0x20 },
  (_, i) => `w${i}${String.fromCharCode(0x20 + i)}Z${i}`,
).join('');

const TEXTS = [
  'Order 123 shipped',
  PUNCTUATED,
  'req-ABC-42 Stripe/1.0 order_123 a.b@c.d ~x~ [redacted]',
  'Zürich café 日本語 naïve', // letters the tokenizer would keep inside words: not passed as they are
  'tab\there\nnew line\u0000nul', // control characters
  '',
];

test('the index makes the words of searchDocument out of searchIndexText', () => {
  for (const text of TEXTS) {
    for (const searchable of [row(text), row('x', text)]) {
      const document = searchDocument(searchable);
      const expected = [...new Set(searchWords(document))].sort();
      assert.deepEqual(indexedWords(document), expected, `document of ${JSON.stringify(text)}`);
      assert.deepEqual(indexedWords(searchIndexText(searchable)), expected, JSON.stringify(text));
    }
  }
});

test('searchIndexText passes printable ASCII as it is and anything else as its searchDocument', () => {
  const ascii = row('Order 123 shipped', 'Stripe/1.0');
  assert.equal(
    searchIndexText(ascii),
    'his_0190abc evt_0190DEF Order 123 shipped Stripe/1.0 {"t":"Order 123 shipped"}',
  );
  for (const text of ['Zürich', 'tab\there']) {
    assert.equal(searchIndexText(row(text)), searchDocument(row(text)));
  }
});
