import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionHolds, filterMatches } from '../../src/processing/flow-filter.ts';
import { normalizeEmail, normalizeIdentifier, normalizePhone } from '../../src/processing/identifiers.ts';
import { firstValueAt, jsonPathProblem } from '../../src/processing/json-path.ts';

test('phones normalize to E.164 from international, 00, national and bare-digit forms', () => {
  const cases: [string, string | null, string][] = [
    ['+49 151 12345678', null, '+4915112345678'],
    ['0049 (151) 1234-5678', null, '+4915112345678'],
    ['4915112345678', null, '+4915112345678'],
    ['0151 12345678', 'DE', '+4915112345678'],
    ['4915112345678', 'DE', '+4915112345678'],
    ['(202) 555-0143', 'US', '+12025550143'],
    ['12025550143', 'US', '+12025550143'],
    ['+44 20 7946 0958', 'DE', '+442079460958'],
  ];
  for (const [raw, country, expected] of cases) {
    assert.deepEqual(normalizePhone(raw, country), { ok: true, value: expected }, `${raw} (${country})`);
  }
  for (const raw of ['12', '+999 123', 'call me', '0151 12345678']) {
    assert.equal(normalizePhone(raw, null).ok, false, raw);
  }
  assert.deepEqual(normalizeIdentifier('phone', 4915112345678), { ok: true, value: '+4915112345678' });
});

test('emails are trimmed and lower-cased; ids are trimmed text, case kept; other kinds refused', () => {
  assert.deepEqual(normalizeEmail('  Ada.Lovelace@Example.COM '), {
    ok: true,
    value: 'ada.lovelace@example.com',
  });
  assert.equal(normalizeEmail('not-an-email').ok, false);
  assert.deepEqual(normalizeIdentifier('chat_id', ' AbC-1 '), { ok: true, value: 'AbC-1' });
  assert.deepEqual(normalizeIdentifier('channel_user_id', 42), { ok: true, value: '42' });
  assert.deepEqual(normalizeIdentifier('chat_id', 1.5), {
    ok: false,
    message: 'expected a string or an integer, got a number',
  });
  assert.deepEqual(normalizeIdentifier('email', { a: 1 }), {
    ok: false,
    message: 'expected a string or an integer, got an object',
  });
  assert.deepEqual(normalizeIdentifier('chat_id', '   '), { ok: false, message: 'is empty' });
});

test('JSONPath: first match, filter expressions in the safe evaluator, problems reported', () => {
  const payload = {
    data: {
      contacts: [
        { type: 'phone', value: '1' },
        { type: 'email', value: 'a@b.co' },
      ],
    },
  };
  assert.equal(firstValueAt(payload, "$.data.contacts[?(@.type=='email')].value"), 'a@b.co');
  assert.equal(firstValueAt(payload, '$.data.contacts[*].value'), '1');
  assert.equal(firstValueAt(payload, '$.nothing'), undefined);
  assert.equal(firstValueAt('text', '$.a'), undefined);
  assert.equal(firstValueAt(null, '$.a'), undefined);
  assert.equal(firstValueAt(payload, "$..[?(@.constructor.constructor('return process')())]"), undefined);
  assert.match(jsonPathProblem('data.email') ?? '', /starting with \$/);
  assert.equal(jsonPathProblem('$.data.email'), undefined);
  assert.match(jsonPathProblem(`$.${'a'.repeat(600)}`) ?? '', /at most 500/);
});

test('filter operators', () => {
  const p = {
    type: 'order.paid',
    amount: 50,
    tags: ['vip', 'eu'],
    note: null,
    at: '2026-01-15T12:00:00Z',
    items: [{ q: 1 }, { q: 5 }],
  };
  const holds = (path: string, op: Parameters<typeof conditionHolds>[0]['op'], value?: unknown) =>
    conditionHolds(value === undefined ? { path, op } : { path, op, value }, p);
  assert.ok(holds('$.type', 'eq', 'order.paid'));
  assert.ok(holds('$.type', 'neq', 'order.refunded'));
  assert.ok(holds('$.missing', 'neq', 'x'), 'neq holds when nothing is selected');
  assert.ok(holds('$.amount', 'gt', 10) && !holds('$.amount', 'gt', 50) && holds('$.amount', 'gte', 50));
  assert.ok(holds('$.amount', 'lt', 51) && holds('$.amount', 'lte', 50) && !holds('$.amount', 'lt', 50));
  assert.ok(!holds('$.amount', 'gt', '10'), 'mixed kinds never compare');
  assert.ok(holds('$.at', 'gte', '2026-01-01T00:00:00Z'), 'ISO timestamps compare as strings');
  assert.ok(holds('$.tags', 'contains', 'vip') && holds('$.type', 'contains', 'paid'));
  assert.ok(holds('$.tags', 'not_contains', 'us'));
  assert.ok(holds('$.type', 'in', ['order.paid', 'order.created']) && !holds('$.type', 'in', 'order.paid'));
  assert.ok(holds('$.type', 'exists') && !holds('$.note', 'exists') && holds('$.note', 'not_exists'));
  assert.ok(holds('$.items[*].q', 'gt', 4), 'any selected value may satisfy the test');
  assert.ok(holds('$.tags', 'eq', ['vip', 'eu']), 'eq compares deeply');
  assert.ok(filterMatches(null, p));
  const filter = {
    match: 'all' as const,
    conditions: [
      { path: '$.type', op: 'eq' as const, value: 'order.paid' },
      { path: '$.amount', op: 'gt' as const, value: 100 },
    ],
  };
  assert.equal(filterMatches(filter, p), false);
  assert.equal(filterMatches({ ...filter, match: 'any' }, p), true);
});
