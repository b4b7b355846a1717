import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { test } from 'node:test';
import { BODY_PREVIEW_BYTES, bodyPreviewText, storedBodyPreview } from '../../src/store/body-preview.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * The rule as body-preview.ts states it, written the plain way (decode the body's head, compare the
 * strings): the preview is stored empty exactly when it is the body's own preview and the head of the
 * body is UTF-8 text without U+0000.
 */
function byDefinition(body: Uint8Array, preview: string): string {
  let cut = Math.min(BODY_PREVIEW_BYTES, body.byteLength);
  while (cut < body.byteLength && cut > 0 && ((body[cut] ?? 0) & 0xc0) === 0x80) cut--;
  const head = body.subarray(0, cut);
  if (head.includes(0) || !isUtf8(head)) return preview;
  return preview === Buffer.from(body).subarray(0, BODY_PREVIEW_BYTES).toString('utf8') ? '' : preview;
}

/** A body of `size` bytes: `fill` repeated, its last character possibly cut. */
function sized(fill: string, size: number): Uint8Array {
  const bytes = Buffer.from(fill.repeat(Math.ceil(size / Buffer.byteLength(fill)) + 1)).subarray(0, size);
  return new Uint8Array(bytes);
}

test('an accepted row stores its preview empty exactly when it is the body text the store derives', () => {
  const ascii = utf8('{"type":"order.updated","data":{"id":42}}');
  const wide = utf8('{"name":"日本語 😀 e\u0301","sign":"\ufffd"}');
  const cases: [string, Uint8Array, string, string][] = [
    // [what, body, preview, stored]
    ['an ASCII body and its own preview', ascii, bodyPreviewText(ascii), ''],
    ['multi-byte and astral characters', wide, bodyPreviewText(wide), ''],
    ['the same length, another text', ascii, bodyPreviewText(ascii).replace('42', '43'), 'x'],
    ['one character fewer', ascii, bodyPreviewText(ascii).slice(0, -1), 'x'],
    ['a redacted preview', utf8('{"hash":"c2VjcmV0"}'), '{"hash":"[redacted]"}', 'x'],
    ['an empty body', new Uint8Array(0), '', ''],
    ['an empty body with a preview', new Uint8Array(0), 'something', 'x'],
    ['U+0000 in the body', utf8('a\u0000b'), 'a\u0000b', 'x'],
    ['invalid UTF-8', Uint8Array.of(0x61, 0xff, 0x62), bodyPreviewText(Uint8Array.of(0x61, 0xff, 0x62)), 'x'],
    // A lone surrogate encodes as U+FFFD's bytes, but those bytes read back as U+FFFD, not as it.
    ['a lone surrogate against U+FFFD', utf8('a\ufffdb'), 'a\ud800b', 'x'],
    ['the body of exactly the preview size', sized('é', BODY_PREVIEW_BYTES), '', ''],
    ['a longer body, a character cut by the preview', sized('日', BODY_PREVIEW_BYTES + 10), '', ''],
    ['a longer body, another preview', sized('a', BODY_PREVIEW_BYTES + 10), 'a'.repeat(10), 'x'],
  ];
  for (const [what, body, given, stored] of cases) {
    const preview = given === '' && body.byteLength > 0 ? bodyPreviewText(body) : given;
    const expected = stored === '' ? '' : preview;
    assert.equal(storedBodyPreview(body, preview), expected, what);
    assert.equal(storedBodyPreview(body, preview), byDefinition(body, preview), `${what}: as defined`);
  }
});

test('the preview is compared with the body each time, whatever was compared before', () => {
  // The comparison encodes the preview into space it reuses: a longer text before must not linger.
  const long = utf8('x'.repeat(300));
  assert.equal(storedBodyPreview(long, bodyPreviewText(long)), '');
  const short = utf8('xy');
  assert.equal(storedBodyPreview(short, 'xx'), 'xx');
  assert.equal(storedBodyPreview(short, 'xy'), '');
});
