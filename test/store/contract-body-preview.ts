import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY_PREVIEW_BYTES, bodyPreviewText } from '../../src/store/body-preview.ts';
import type { HistoryRecord, Store } from '../../src/store/types.ts';
import type { SettleSearch } from './contract-history-search.ts';
import { collectPageIds, connectionRecord, eventRecord, historyRecord, T0 } from './fixtures.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The preview as a store keeps it: U+0000 reads as U+FFFD. */
const asStored = (preview: string): string => preview.replaceAll('\u0000', '\ufffd');

/**
 * Bodies of accepted events whose history row reads its preview from the event (`derived`), and bodies
 * whose row keeps its preview (`stored`: not UTF-8 text, or U+0000 in it). Each starts with its own tag
 * word, so a search for the tag finds the body's rows only.
 */
const BODIES: { tag: string; body: Uint8Array; derived: boolean }[] = [
  { tag: 'small', body: utf8('small {"type":"order.paid","id":"ord_q42"}'), derived: true },
  // A character cut by the 4 KB bound (2, 3 and 4 bytes long, 1 to 3 of its bytes inside) reads U+FFFD.
  ...(
    [
      ['cuttwo', 'é', 1],
      ['cutthree', '€', 1],
      ['cutthreeb', '€', 2],
      ['cutfour', '😀', 1],
      ['cutfourb', '😀', 3],
      ['fits', 'é', 2],
    ] as const
  ).map(([tag, char, inside]) => {
    const start = `${tag} `;
    const pad = 'x'.repeat(BODY_PREVIEW_BYTES - start.length - inside);
    return { tag, body: utf8(`${start}${pad}${char}tail`), derived: true };
  }),
  // Multi-byte characters before the searchable bound (512 characters): the word "needle" is cut to "ne".
  { tag: 'umlauts', body: utf8(`umlauts ${'ü'.repeat(502)}needle haystack`), derived: true },
  { tag: 'emoji', body: utf8(`emoji ${'😀'.repeat(505)}kiwi`), derived: true },
  // 4-byte characters up to the 512th, and one cut by the 2 KB of the body search reads.
  { tag: 'emojiv', body: utf8(`${'😀'.repeat(511)}v😀tail`), derived: true },
  { tag: 'large', body: utf8(`large ${'word '.repeat(60_000)}`), derived: true },
  { tag: 'empty', body: new Uint8Array(0), derived: true },
  {
    tag: 'binary',
    body: Uint8Array.from([...utf8('binary '), 0xff, 0xfe, 0x80, 0x61, 0xc3]),
    derived: false,
  },
  { tag: 'nul', body: utf8('nul a\u0000b order'), derived: false },
];

/** What each `q` finds among BODIES (by tag), where the preview is stored or derived alike. */
const EXPECTED: [string, string[]][] = [
  ['order', ['small', 'nul']],
  ['ord q42', ['small']],
  ['ne', ['umlauts']],
  ['needle', []],
  ['k', ['emoji']],
  ['ki', []],
  ['v', ['emojiv']],
  ['vtail', []],
  ['tail', []],
  ['xxxxxxxx', ['cuttwo', 'cutthree', 'cutthreeb', 'cutfour', 'cutfourb', 'fits']],
  ['word', ['large']],
  ['binary a', ['binary']],
];

/** The ids of rows `q` finds, page after page. */
async function found(store: Store, q: string): Promise<string[]> {
  return (await collectPageIds((cursor) => store.listHistory({ q, limit: 7, cursor }))).flat();
}

/**
 * The history rows of accepted events on `store`, the same bodies as refused rows that store their
 * preview, an old-style accepted row with its preview stored, a redacted preview and a duplicate: every
 * read shows each row's preview as the ingest made it, and search finds the same words in an accepted
 * row as in its stored-preview twin. `settle` runs before the searches (the stores' indexers). Returns the
 * ids of the rows that must not store their preview.
 */
export async function bodyPreviewScenario(store: Store, settle: SettleSearch): Promise<string[]> {
  const connection = connectionRecord();
  await store.createConnection(connection, null);
  const expected = new Map<string, string>();
  const tagOf = new Map<string, string>();
  const derivedIds: string[] = [];
  for (const [index, { tag, body, derived }] of BODIES.entries()) {
    const receivedAt = T0 + index;
    const preview = bodyPreviewText(body);
    const event = eventRecord(connection.id, { receivedAt, body, idempotencyKey: `key-${tag}` });
    const accepted = historyRecord(connection.id, {
      receivedAt,
      bodyPreview: preview,
      bodySize: body.length,
    });
    const twin = historyRecord(connection.id, {
      receivedAt,
      outcome: 'UNAUTHORIZED',
      message: 'Signature mismatch',
      bodyPreview: preview,
      bodySize: body.length,
    });
    assert.equal((await store.acceptEvent(event, accepted)).status, 'accepted');
    await store.recordHistory(twin);
    for (const row of [accepted, twin]) {
      expected.set(row.id, asStored(preview));
      tagOf.set(row.id, tag);
    }
    if (derived) derivedIds.push(accepted.id);
  }
  // A redacted preview (signature fields in the body) is not the body's: stored.
  const redactedBody = utf8('{"hash":"c2VjcmV0","kind":"zanzibar"}');
  const redacted = historyRecord(connection.id, {
    receivedAt: T0 + 100,
    bodyPreview: '{"hash":"[redacted]","kind":"zanzibar"}',
  });
  await store.acceptEvent(eventRecord(connection.id, { receivedAt: T0 + 100, body: redactedBody }), redacted);
  expected.set(redacted.id, redacted.bodyPreview);
  // A row written before previews were read from events: its stored preview stays what it reads.
  const old = historyRecord(connection.id, {
    receivedAt: T0 + 101,
    bodyPreview: 'old stored preview',
    eventId: `evt_${connection.id}`,
  });
  await store.recordHistory(old);
  expected.set(old.id, old.bodyPreview);
  // A duplicate has no event of its own: its preview is its own body's, stored.
  const duplicate = historyRecord(connection.id, { receivedAt: T0 + 102, bodyPreview: 'second body' });
  const repeated = eventRecord(connection.id, { receivedAt: T0 + 102, idempotencyKey: 'key-small' });
  assert.equal((await store.acceptEvent(repeated, duplicate)).status, 'duplicate');
  expected.set(duplicate.id, 'second body');
  // A duplicate whose preview is its body's own (a row of a stored event would read it from the event):
  // the duplicate keeps it stored all the same.
  const ownBody = utf8('{"third":"body of its own"}');
  const ownDuplicate = historyRecord(connection.id, {
    receivedAt: T0 + 103,
    bodyPreview: bodyPreviewText(ownBody),
    bodySize: ownBody.length,
  });
  const ownRepeat = eventRecord(connection.id, {
    receivedAt: T0 + 103,
    body: ownBody,
    idempotencyKey: 'key-small',
  });
  assert.equal((await store.acceptEvent(ownRepeat, ownDuplicate)).status, 'duplicate');
  expected.set(ownDuplicate.id, '{"third":"body of its own"}');

  const previews = (rows: readonly HistoryRecord[]) => rows.map((row) => [row.id, row.bodyPreview]);
  const listed = await store.listHistory({ connectionId: connection.id, limit: 200 });
  assert.equal(listed.items.length, expected.size);
  assert.deepEqual(
    new Map(previews(listed.items) as [string, string][]),
    expected,
    'listed rows show the previews the ingest made',
  );
  for (const [id, preview] of expected) {
    assert.equal((await store.getHistory(id))?.bodyPreview, preview, `the detail of ${tagOf.get(id) ?? id}`);
  }
  assert.deepEqual(
    new Map(previews(await store.getHistoryRows([...expected.keys()])) as [string, string][]),
    expected,
    'rows read by id (live tail) show them too',
  );
  const accepted = await store.listHistory({ connectionId: connection.id, outcome: 'ACCEPTED', limit: 3 });
  assert.deepEqual(
    previews(accepted.items),
    accepted.items.map((row) => [row.id, expected.get(row.id)]),
  );

  await settle(store);
  for (const [q, tags] of EXPECTED) {
    const rows = await found(store, q);
    const hits = rows.filter((id) => tagOf.has(id));
    assert.deepEqual(
      [...new Set(hits.map((id) => tagOf.get(id)))].sort(),
      [...tags].sort(),
      `q=${q}: the bodies found`,
    );
    assert.equal(hits.length, tags.length * 2, `q=${q}: each accepted row found as its stored twin is`);
  }
  const ours = async (q: string) => (await found(store, q)).filter((id) => expected.has(id));
  assert.deepEqual(await ours('zanzibar'), [redacted.id]);
  assert.deepEqual(await ours('c2vjcmv0'), [], 'the redacted signature is not searchable');
  assert.deepEqual(await ours('old stored'), [old.id]);
  assert.deepEqual(await ours('second body'), [duplicate.id]);
  return derivedIds;
}

/** Body previews read from events: the same rows, reads and searches as with stored previews. */
export function bodyPreviewContract(factory: TestStoreFactory): void {
  test('an accepted row reads its preview from its event exactly as the ingest made it; search alike', async (t) => {
    await bodyPreviewScenario(await factory.fresh(t), async () => {});
  });
}
