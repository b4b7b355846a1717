import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesAt } from '../../src/processing/json-path.ts';
import { inferSchema } from '../../src/processing/schema-infer.ts';
import { keySegment, schemaPaths } from '../../src/processing/schema-paths.ts';

test('primitive types and string formats', () => {
  const schema = inferSchema({
    n: 1,
    f: 1.5,
    b: false,
    z: null,
    when: '2026-01-15T12:00:00.000+01:00',
    day: '2026-01-15',
    id: '550e8400-e29b-41d4-a716-446655440000',
    mail: 'ada@example.com',
    link: 'https://example.com/x?y=1',
    other: 'mailto:ada@example.com',
    text: 'hello',
  });
  assert.deepEqual(schema.properties, {
    n: { type: 'integer' },
    f: { type: 'number' },
    b: { type: 'boolean' },
    z: { type: 'null' },
    when: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date' },
    id: { type: 'string', format: 'uuid' },
    mail: { type: 'string', format: 'email' },
    link: { type: 'string', format: 'uri' },
    other: { type: 'string' },
    text: { type: 'string' },
  });
  assert.deepEqual(schema.required, Object.keys(schema.properties as object));
});

test('array elements are merged: integer+number → number, differing formats dropped, kinds → anyOf', () => {
  assert.deepEqual(inferSchema([1, 2.5]), {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'array',
    items: { type: 'number' },
  });
  assert.deepEqual(inferSchema(['a@b.co', 'https://x.io']).items, { type: 'string' });
  assert.deepEqual(inferSchema(['x', 1, null]).items, {
    anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }],
  });
  assert.deepEqual(inferSchema([[1], [], ['a']]).items, {
    type: 'array',
    items: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  });
  assert.deepEqual(
    inferSchema([
      { a: 1, b: { c: 'x' } },
      { a: 'one', b: { d: true } },
    ]).items,
    {
      type: 'object',
      properties: {
        a: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
        b: {
          type: 'object',
          properties: { c: { type: 'string' }, d: { type: 'boolean' } },
          required: [],
        },
      },
      required: ['a', 'b'],
    },
  );
});

test('very deep values are described as anything', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 40; i += 1) deep = { d: deep };
  const schema = inferSchema(deep);
  assert.equal(schema.type, 'object');
  assert.ok(JSON.stringify(schema).includes('{}'));
});

test('paths name every field, quote odd keys, leave out keys JSONPath cannot name, and select the sample', () => {
  const sample = {
    'a b': { 'x-y': 1 },
    "it's": 2,
    '*': 3,
    list: [{ id: 1 }, { id: 2, extra: [{ deep: true }] }],
    '0': 'zero',
  };
  const paths = schemaPaths(inferSchema(sample));
  assert.deepEqual(paths, [
    "$['0']",
    "$['a b']",
    "$['a b']['x-y']",
    '$.list',
    '$.list[*]',
    '$.list[*].id',
    '$.list[*].extra',
    '$.list[*].extra[*]',
    '$.list[*].extra[*].deep',
  ]);
  for (const path of paths) assert.ok(valuesAt(sample, path).length > 0, path);
  assert.equal(keySegment("it's"), undefined);
  assert.equal(keySegment('*'), undefined);
  assert.deepEqual(schemaPaths(inferSchema('just text')), []);
  assert.deepEqual(schemaPaths(null), []);
});

test('at most 1000 paths', () => {
  const wide = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`k${i}`, i]));
  assert.equal(schemaPaths(inferSchema(wide)).length, 1000);
});
