import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { pgBinaryArrays } from '../../src/store/pg-binary-arrays.ts';
import { postgresSkipReason, TEST_DATABASE_URL } from './pg-test-helper.ts';

const skip = await postgresSkipReason();

describe('binary array parameters (the PostgreSQL batch writer)', { skip: skip ?? false }, () => {
  let client: pg.Client;
  before(async () => {
    client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
  });
  after(() => client.end());

  test('each type reads back as bound: NULLs, multi-byte text, bytes, 53-bit and negative integers', async () => {
    const text = ['plain', null, 'é ü 日本 😀', '', '"quotes" \\ {braces}, commas'];
    const bytes = [new Uint8Array([0, 1, 254, 255]), null, new Uint8Array(0), Buffer.from('{"a":1}')];
    const bigints = [0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1_700_000_000_000, null];
    const ints = [0, -2_147_483_648, 2_147_483_647, null, 42];
    const values = pgBinaryArrays([
      { type: 'text', values: text },
      { type: 'bytea', values: bytes },
      { type: 'bigint', values: bigints },
      { type: 'integer', values: ints },
      { type: 'text', values: [] },
    ]);
    const { rows } = await client.query(
      'select $1::text[] as t, $2::bytea[] as b, $3::bigint[] as n, $4::integer[] as i, $5::text[] as e',
      values,
    );
    const row = rows[0];
    assert.deepEqual(row.t, text);
    assert.deepEqual(
      row.b.map((value: Buffer | null) => (value === null ? null : [...value])),
      bytes.map((value) => (value === null ? null : [...value])),
    );
    // pg reads int8 elements as strings (exact beyond 2^53); every bound value is a safe integer.
    assert.deepEqual(
      row.n.map((value: string | null) => (value === null ? null : Number(value))),
      bigints,
    );
    assert.deepEqual(row.i, ints);
    assert.deepEqual(row.e, []);
  });

  test('U+0000 in text is bound as U+FFFD (PostgreSQL text cannot hold it)', async () => {
    const [values] = pgBinaryArrays([{ type: 'text', values: ['a\u0000b', '\u0000'] }]);
    const { rows } = await client.query('select $1::text[] as t', [values]);
    assert.deepEqual(rows[0].t, ['a\ufffdb', '\ufffd']);
  });

  test('a value that does not fit its type is refused before anything is sent', () => {
    assert.throws(() => pgBinaryArrays([{ type: 'bigint', values: [1.5] }]), RangeError);
    assert.throws(() => pgBinaryArrays([{ type: 'bigint', values: [2 ** 53] }]), RangeError);
    assert.throws(() => pgBinaryArrays([{ type: 'integer', values: [2 ** 31] }]), RangeError);
    assert.throws(() => pgBinaryArrays([{ type: 'integer', values: ['7'] }]), RangeError);
    assert.throws(() => pgBinaryArrays([{ type: 'bytea', values: ['text'] }]), TypeError);
    assert.throws(() => pgBinaryArrays([{ type: 'text', values: [{}] }]), TypeError);
  });
});
