import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePayload } from '../../src/ingest/parse-payload.ts';
import { BODY_PREVIEW_BYTES, bodyPreview } from '../../src/ingest/redact.ts';

test('the body preview reads only the body within a larger buffer, up to its first 4 KB', () => {
  const pool = Buffer.from(`XXXX${'a'.repeat(BODY_PREVIEW_BYTES + 10)}YYYY`);
  const body = pool.subarray(4, 4 + 3);
  assert.equal(bodyPreview(body, []), 'aaa');
  const long = new Uint8Array(pool.buffer, pool.byteOffset + 4, BODY_PREVIEW_BYTES + 10);
  assert.equal(bodyPreview(long, []), 'a'.repeat(BODY_PREVIEW_BYTES));
  assert.equal(bodyPreview(new Uint8Array(0), []), '');
});

test("the payload parser's text is the preview the body would get decoded again (byte order mark kept)", () => {
  const bodies = [
    '{"a":1}',
    '\ufeff{"with":"a byte order mark"}',
    '  {"padded": "日本語 😀"}\n',
    'a=1&b=2',
    'é'.repeat(BODY_PREVIEW_BYTES / 2),
    // Longer than the preview (a character cut at its end): the preview is decoded from the body.
    'é'.repeat(BODY_PREVIEW_BYTES),
  ].map((text) => Buffer.from(text));
  for (const body of bodies) {
    const parsed = parsePayload(body, 'application/x-www-form-urlencoded');
    assert.ok(parsed.ok, body.toString());
    assert.equal(bodyPreview(body, [], parsed.text), bodyPreview(body, []), body.toString().slice(0, 40));
  }
  // The same JSON value whether or not a byte order mark leads the body.
  const marked = parsePayload(Buffer.from('\ufeff{"a":1}'), undefined);
  assert.deepEqual(marked.ok && marked.value, { a: 1 });
  // A redacted preview is still made from the body, not from the text.
  const signed = Buffer.from('{"hash":"c2VjcmV0","kind":"x"}');
  const text = parsePayload(signed, undefined);
  assert.ok(text.ok);
  assert.equal(bodyPreview(signed, ['hash'], text.text), '{"hash":"[redacted]","kind":"x"}');
});
