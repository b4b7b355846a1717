import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY_PREVIEW_BYTES, bodyPreview } from '../../src/ingest/redact.ts';

test('the body preview reads only the body within a larger buffer, up to its first 4 KB', () => {
  const pool = Buffer.from(`XXXX${'a'.repeat(BODY_PREVIEW_BYTES + 10)}YYYY`);
  const body = pool.subarray(4, 4 + 3);
  assert.equal(bodyPreview(body, []), 'aaa');
  const long = new Uint8Array(pool.buffer, pool.byteOffset + 4, BODY_PREVIEW_BYTES + 10);
  assert.equal(bodyPreview(long, []), 'a'.repeat(BODY_PREVIEW_BYTES));
  assert.equal(bodyPreview(new Uint8Array(0), []), '');
});
