import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { createStore } from '../../src/store/create-store.ts';
import type { Database } from '../../src/store/database-schema.ts';
import { searchWords } from '../../src/store/history-search.ts';
import { fromHistoryRecord } from '../../src/store/row-mappers.ts';
import type { HistoryFilter, Store } from '../../src/store/types.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { insertFirstSchemaConnection } from '../helpers/schema-rows.ts';
import { collectPageIds, connectionRecord, historyRecord, T0 } from './fixtures.ts';
import { inSchema, pgSchemaDb, pgSchemaMigratedTo, pgTestStoreFactory } from './pg-test-helper.ts';

/** The last migration before `hookgate_search_document` built its words without the text search parser. */
const BEFORE = '0014-event-stream-in-events';

const factory = await pgTestStoreFactory();

/** The searchable columns of a history row, as `hookgate_search_document` takes them. */
type DocumentInput = [
  id: string,
  eventId: string | null,
  message: string | null,
  headers: string,
  body: string,
];

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Inputs where building words could go wrong: the text search parser's number rule (`1e5abc` is a number
 * and a word), upper case, non-ASCII letters and digits (separators), words at the 2047-byte lexeme limit,
 * header values with JSON escapes and non-string values, missing columns, the body's 512-character bound.
 */
function trickyInputs(): DocumentInput[] {
  const headers = (values: Record<string, unknown>) => JSON.stringify(values);
  const fixed: DocumentInput[] = [
    ['his_1', 'evt_1', 'Order 1e5abc shipped', headers({ a: '12E3X' }), '{"n":"0999e9a x1e5a 1e5 1e5e5"}'],
    ['his_2', null, null, '{}', ''],
    ['his_3', 'evt_019e3ab0', 'a-1e5abc_2e7Z 9e', headers({}), '***'],
    [
      'his_4',
      null,
      'Zürich İstanbul \u212A ß 東京 ٣4 😀x',
      headers({ 'user-agent': 'Acme/2.5 (+https://a.example)' }),
      '',
    ],
    [
      'his_5',
      null,
      null,
      headers({ a: 'line\nbreak', b: 'quo"te\\d', c: 'été', d: 42, e: null, f: { g: 'nested' } }),
      '',
    ],
    [
      'his_6',
      null,
      `${'a'.repeat(2047)} ${'b'.repeat(2048)} short`,
      headers({ c: 'c'.repeat(3000) }),
      'd'.repeat(600),
    ],
    ['his_7', null, 'word '.repeat(500), headers({ h: 'x'.repeat(1500) }), 'y'.repeat(600)],
    ['his_8', 'evt_Edge9', null, '{}', `😀${'.'.repeat(499)}lastfull.cutword tailword`],
    ['his_9', null, '1e5abc 2047', headers({}), `${'7'.repeat(2047)}e1z`],
  ];
  const random = seeded(16);
  const pieces = [
    'e',
    'E',
    '1',
    '0',
    '9',
    'a',
    'z',
    'x',
    ' ',
    '-',
    '.',
    '_',
    '/',
    ':',
    'é',
    'ß',
    '😀',
    '"',
    '\\',
  ];
  const word = () =>
    Array.from(
      { length: 1 + Math.floor(random() * 10) },
      () => pieces[Math.floor(random() * pieces.length)],
    ).join('');
  const text = (words: number) => Array.from({ length: words }, word).join(random() < 0.5 ? ' ' : '');
  const generated = Array.from(
    { length: 300 },
    (_, i): DocumentInput => [
      `his_r${i}`,
      random() < 0.3 ? null : `evt_${text(1)}`,
      random() < 0.3 ? null : text(8),
      headers({ a: text(4), b: text(2) }),
      text(120),
    ],
  );
  return [...fixed, ...generated];
}

/**
 * `to_tsquery` texts as a search makes them (`history-queries.ts`): every word of a few fixed queries and of
 * random ones, and one-word prefixes of the inputs' words.
 */
function searchQueries(inputs: readonly DocumentInput[]): string[] {
  const random = seeded(61);
  const fixed = [
    '1e5abc',
    '1e5',
    'abc',
    '12e3x',
    '0999e9a',
    'e5',
    'x1e5a',
    '9e',
    '2e7z',
    'word',
    'lastfull',
    'cut',
  ];
  const generated = Array.from({ length: 150 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 4) }, () => '0129eaxz '[Math.floor(random() * 9)]).join(
      '',
    ),
  );
  const prefixes = inputs
    .slice(0, 60)
    .flatMap((input) =>
      searchWords(input.join(' ')).map((word) => word.slice(0, 1 + Math.floor(random() * word.length))),
    );
  return [...fixed, ...generated, ...prefixes]
    .map((q) =>
      searchWords(q)
        .map((word) => `${word}:*`)
        .join(' & '),
    )
    .filter((query) => query !== '');
}

/** Each input's document by the schema's `hookgate_search_document`, as text. */
async function documents(db: Kysely<Database>, inputs: readonly DocumentInput[]): Promise<string[]> {
  const column = (index: number) => inputs.map((input) => input[index] ?? null);
  const { rows } = await sql<{ words: string }>`
    select hookgate_search_document(i.id, i.event_id, i.message, i.headers, i.body)::text as words
      from unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::text[],
        ${column(4)}::text[]) with ordinality as i (id, event_id, message, headers, body, n)
      order by i.n`.execute(db);
  return rows.map((row) => row.words);
}

/** All ids `filter` lists, page after page. */
async function searchIds(store: Store, q: string): Promise<string[]> {
  const filter: Omit<HistoryFilter, 'cursor'> = { limit: 50, q };
  return (await collectPageIds((cursor) => store.listHistory({ ...filter, cursor }))).flat();
}

describe('migration 0015: search words without the text search parser', {
  skip: factory.skip ?? false,
}, () => {
  after(() => factory.dispose());

  test('hookgate_search_document has the same words as before on tricky rows', async () => {
    const inputs = trickyInputs();
    const before = await pgSchemaMigratedTo(await factory.freshOptions(), BEFORE);
    let old: string[];
    try {
      old = await documents(before, inputs);
    } finally {
      await before.destroy();
    }
    const options = await factory.freshOptions();
    const store = createStore(options);
    await store.migrate();
    await store.close();
    const db = pgSchemaDb(options);
    try {
      const now = await documents(db, inputs);
      const { rows } = await sql<{ old: string; now: string }>`
        select strip(o::tsvector)::text as old, strip(n::tsvector)::text as now
          from unnest(${old}::text[], ${now}::text[]) as d (o, n)`.execute(db);
      for (const [i, input] of inputs.entries()) {
        assert.equal(rows[i]?.now, rows[i]?.old, `same words: ${JSON.stringify(input)}`);
      }
      // What a search asks (`history-queries.ts`) gets the same answer from both, phrases included.
      const queries = searchQueries(inputs);
      const { rows: differing } = await sql<{ input: number; query: string }>`
        with d as materialized (
            select n, o::tsvector as old, n2::tsvector as now
              from unnest(${old}::text[], ${now}::text[]) with ordinality as d (o, n2, n)),
          q as materialized (select text, to_tsquery('simple', text) as query from unnest(${queries}::text[]) as q (text))
        select d.n as input, q.text as query from d cross join q
          where (d.old @@ q.query) <> (d.now @@ q.query)`.execute(db);
      assert.deepEqual(differing, []);
      // The parser's number rule is still there (a word of it is searchable apart) and long words are not.
      assert.match(now[0] ?? '', /'abc'/);
      assert.doesNotMatch(now[0] ?? '', /'1e5abc'/);
      assert.doesNotMatch(now[5] ?? '', /bbbb|cccc/);
      assert.match(now[5] ?? '', /'short'/);
    } finally {
      await db.destroy();
    }
  });

  test('rows indexed before the migration and rows indexed after it are found alike', async (t) => {
    const options = await factory.freshOptions();
    const connection = connectionRecord();
    const oldRow = historyRecord(connection.id, {
      id: 'his_old1',
      receivedAt: T0 + 1,
      message: 'Order 1e5abc Zürich',
      headers: { 'x-request-id': 'REQ-7' },
      bodyPreview: '{"note":"plain text"}',
      eventId: null,
    });
    const before = await pgSchemaMigratedTo(options, BEFORE);
    try {
      await insertFirstSchemaConnection(before, connection.id, T0);
      await before.insertInto('history').values(fromHistoryRecord(oldRow)).execute();
      // What the indexer did before migration 0015: the words of the old function, with positions.
      await sql`insert into history_search (history_id, words)
        select id, hookgate_search_document(id, event_id, message, headers, body_preview) from history`.execute(
        before,
      );
      await sql`delete from history_search_pending`.execute(before);
    } finally {
      await before.destroy();
    }
    const store = createStore(options);
    t.after(() => store.close());
    await store.migrate();
    await store.recordHistory({ ...oldRow, id: 'his_new2', receivedAt: T0 + 2 });
    const expectations: [string, string[]][] = [
      ...['order', 'abc', '1e5', '1e5abc', 'rich', 'req 7', 'plain note'].map((q): [string, string[]] => [
        q,
        ['his_new2', 'his_old1'],
      ]),
      ...['1e5abd', 'zzz', 'x request'].map((q): [string, string[]] => [q, []]),
    ];
    // While the new row is pending, the search computes its words with the function; then from the index.
    for (const [q, ids] of expectations) assert.deepEqual(await searchIds(store, q), ids, `pending: ${q}`);
    const pending = await pollUntil(
      () =>
        inSchema(
          options,
          async (client) =>
            (await client.query('select count(*)::int as n from history_search_pending')).rows[0].n,
        ),
      (n) => n === 0,
    );
    assert.equal(pending, 0, 'the indexer caught up');
    for (const [q, ids] of expectations) assert.deepEqual(await searchIds(store, q), ids, `indexed: ${q}`);
  });
});
