import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSecret } from '../../src/secrets/index.ts';

describe('maskSecret', () => {
  it('shows the first 6 and last 4 characters of a normal secret', () => {
    assert.equal(maskSecret('a1b2c3d4e5f6g7h8i9j0klmnopqrstuvwxyz'), 'a1b2c3…wxyz');
    assert.equal(maskSecret(`${'A'.repeat(30)}wxyz`), 'AAAAAA…wxyz');
  });

  it('uses the 6 + 4 rule from 16 characters on', () => {
    assert.equal(maskSecret('0123456789abcdef'), '012345…cdef');
  });

  it('reveals at most 40 % of a short secret', () => {
    assert.equal(maskSecret('0123456789abcde'), '0123…de'); // 15 → 6 shown
    assert.equal(maskSecret('0123456789'), '012…9'); // 10 → 4 shown
    assert.equal(maskSecret('abcde'), 'ab…'); // 5 → 2 shown
    assert.equal(maskSecret('abc'), 'a…'); // 3 → 1 shown
    assert.equal(maskSecret('ab'), '…');
    assert.equal(maskSecret(''), '…');
    for (let n = 0; n < 16; n += 1) {
      const shown = maskSecret('x'.repeat(n)).replace('…', '').length;
      assert.ok(shown <= n * 0.4, `length ${n}: ${shown} characters shown`);
    }
  });

  it('never splits a character outside the BMP', () => {
    const masked = maskSecret('😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀');
    assert.equal(masked, '😀😀😀😀😀😀…😀😀😀😀');
  });
});
