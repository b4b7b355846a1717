import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryFilter, HistoryRecord, Store } from '../../src/store/types.ts';
import { collectPageIds, connectionRecord, historyRecord, T0 } from './fixtures.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

/** Waits until whatever a store does in the background for search is done (SQLite: its indexer). */
export type SettleSearch = (store: Store) => Promise<void>;

/** All ids `filter` lists, page after page. */
async function searchIds(store: Store, filter: Omit<HistoryFilter, 'limit'> & { limit?: number }) {
  const pages = await collectPageIds((cursor) => store.listHistory({ limit: 50, ...filter, cursor }));
  return pages.flat();
}

/** Rows whose text sits in every searchable place (and in places that are not searchable). */
function searchRows(connectionId: string): HistoryRecord[] {
  const row = (id: string, overrides: Partial<HistoryRecord>) =>
    historyRecord(connectionId, { id, receivedAt: T0 + Number(id.slice(-1)), ...overrides });
  return [
    row('his_a1', {
      message: 'Order 123 shipped',
      headers: { 'x-request-id': 'req-ABC-42' },
      bodyPreview: '{"customer":"Zed","orderId":"ord_9001"}',
      eventId: 'evt_alpha1',
    }),
    row('his_b2', {
      headers: { 'user-agent': 'Stripe/1.0' },
      bodyPreview: '{"type":"invoice.paid","amount":4200}',
      eventId: 'evt_beta2',
    }),
    // Header names are not searchable, only values.
    row('his_c3', { message: 'Signature mismatch', headers: { 'x-shipped': 'no' } }),
    // Only the start of the body preview is searchable.
    row('his_d4', { bodyPreview: `{"pad":"${'x'.repeat(600)}","word":"needle"}` }),
    row('his_e5', { bodyPreview: '{"word":"needle","city":"Zürich"}' }),
    row('his_zebra6', { message: 'nothing else' }),
  ];
}

/** What each `q` finds among `searchRows` (newest first). */
const EXPECTED: [string, string[]][] = [
  ['ORDER', ['his_a1']],
  ['ord 900', ['his_a1']],
  ['order-123', ['his_a1']],
  ['evt_beta', ['his_b2']],
  ['evt', ['his_b2', 'his_a1']],
  ['Invoice PAID', ['his_b2']],
  ['req-abc-42', ['his_a1']],
  ['stripe/1', ['his_b2']],
  ['shipped', ['his_a1']],
  ['needle', ['his_e5']],
  ['rich', ['his_e5']],
  ['zebra', ['his_zebra6']],
  ['rder', []],
  ['order zzz', []],
  ['***', []],
];

/**
 * The search scenario: every EXPECTED query, then the same after a purge and a connection delete and
 * after new rows take the deleted ones' place. `settle` runs before each round of queries.
 */
export async function searchScenario(store: Store, settle: SettleSearch): Promise<void> {
  const kept = connectionRecord();
  const doomed = connectionRecord();
  await store.createConnection(kept, null);
  await store.createConnection(doomed, null);
  for (const row of searchRows(kept.id)) await store.recordHistory(row);
  await settle(store);
  for (const [q, ids] of EXPECTED) assert.deepEqual(await searchIds(store, { q }), ids, q);

  // Common words: combined with every other filter, over several pages.
  const common: HistoryRecord[] = [];
  for (let i = 0; i < 9; i++) {
    const row = historyRecord(i % 2 === 0 ? kept.id : doomed.id, {
      id: `his_common${i}`,
      receivedAt: T0 + 100 + Math.floor(i / 2),
      outcome: i % 3 === 0 ? 'UNAUTHORIZED' : 'ACCEPTED',
      message: `Common thing ${i}`,
    });
    common.push(row);
    await store.recordHistory(row);
  }
  await settle(store);
  const expect = (keep: (row: HistoryRecord) => boolean): string[] =>
    common
      .filter(keep)
      .sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : -1))
      .map((row) => row.id);
  assert.deepEqual(
    await searchIds(store, { q: 'common', limit: 2 }),
    expect(() => true),
  );
  assert.deepEqual(
    await searchIds(store, { q: 'COMMON thing', connectionId: kept.id, limit: 2 }),
    expect((row) => row.connectionId === kept.id),
  );
  assert.deepEqual(
    await searchIds(store, {
      q: 'common',
      outcome: 'UNAUTHORIZED',
      since: T0 + 101,
      until: T0 + 104,
      limit: 1,
    }),
    expect(
      (row) => row.outcome === 'UNAUTHORIZED' && row.receivedAt >= T0 + 101 && row.receivedAt < T0 + 104,
    ),
  );

  // Retention and connection delete take the rows out of search, also when the deleted rows were the
  // newest ones; rows written afterwards are found.
  await store.recordHistory(
    historyRecord(doomed.id, { id: 'his_doomed', receivedAt: T0 + 150, message: 'doomed' }),
  );
  await settle(store);
  assert.deepEqual(await searchIds(store, { q: 'doomed' }), ['his_doomed']);
  await store.purge(T0 + 3, T0);
  assert.deepEqual(await searchIds(store, { q: 'evt' }), []);
  assert.deepEqual(await searchIds(store, { q: 'needle' }), ['his_e5']);
  assert.equal(await store.deleteConnection(doomed.id), true);
  await settle(store);
  assert.deepEqual(
    await searchIds(store, { q: 'common' }),
    expect((row) => row.connectionId === kept.id),
  );
  const later = historyRecord(kept.id, { id: 'his_later', receivedAt: T0 + 200, message: 'arrived later' });
  await store.recordHistory(later);
  await settle(store);
  assert.deepEqual(await searchIds(store, { q: 'later' }), ['his_later']);
  assert.deepEqual(await searchIds(store, { q: 'doomed' }), []);
  assert.deepEqual(await searchIds(store, { q: 'common 1' }), []);
}

/**
 * Rows with a word in each searchable place, at the edges of what is searchable: every header value (not
 * only the first; names are not searchable), the last whole word before the body's 512-character bound
 * (counted in characters: an emoji before it is one) and the start of the word cut by it.
 */
function edgeRows(connectionId: string): HistoryRecord[] {
  const row = (id: string, overrides: Partial<HistoryRecord>) =>
    historyRecord(connectionId, { id, receivedAt: T0 + Number(id.slice(-1)), ...overrides });
  // Characters 0–499 padding, 500–507 "lastfull", 509–511 "cut" of "cutword", then unsearchable text.
  const edge = `😀${'.'.repeat(499)}lastfull.cutword tailword`;
  return [
    row('his_h1', {
      headers: {
        'user-agent': 'Acme-Hooks/2.5 (+https://acme.example)',
        'x-request-id': 'reqQ7',
        'content-type': 'application/json',
        'x-signature': '[redacted]',
      },
    }),
    row('his_b2', { headers: {}, bodyPreview: edge, eventId: 'evt_Edge9' }),
    row('his_m3', { headers: {}, message: 'Forwarded to https://hooks.example/path?x=1' }),
  ];
}

/** What each `q` finds among `edgeRows` (newest first). */
const EDGE_EXPECTED: [string, string[]][] = [
  ['acme hooks 2 5', ['his_h1']],
  ['reqq7', ['his_h1']],
  ['application json', ['his_h1']],
  ['redacted', ['his_h1']],
  ['agent', []],
  ['request', []],
  ['lastfull', ['his_b2']],
  ['cut', ['his_b2']],
  ['cutw', []],
  ['tailword', []],
  ['edge9', ['his_b2']],
  ['forwarded', ['his_m3']],
  ['hooks', ['his_m3', 'his_h1']],
  ['example path x 1', ['his_m3']],
];

/**
 * The edge scenario: every EDGE_EXPECTED query after `settle`. A store (or index option, or search document)
 * that loses any word a user can find fails it.
 */
export async function searchEdgeScenario(store: Store, settle: SettleSearch): Promise<void> {
  const connection = connectionRecord();
  await store.createConnection(connection, null);
  for (const row of edgeRows(connection.id)) await store.recordHistory(row);
  await settle(store);
  for (const [q, ids] of EDGE_EXPECTED) assert.deepEqual(await searchIds(store, { q }), ids, q);
}

/** History search (`q`): the same results on every store. */
export function historySearchContract(factory: TestStoreFactory): void {
  test('listHistory q finds word prefixes in ids, message, header values and the body start', async (t) => {
    await searchScenario(await factory.fresh(t), async () => {});
  });
  test('listHistory q finds every header value word and the body words up to the 512-character bound', async (t) => {
    await searchEdgeScenario(await factory.fresh(t), async () => {});
  });
}
