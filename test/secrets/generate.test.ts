import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALPHANUMERIC, generateAdminToken, generateSecret } from '../../src/secrets/index.ts';

describe('generateSecret', () => {
  it('defaults to 64 characters of [A-Za-z0-9]', () => {
    const secret = generateSecret();
    assert.equal(secret.length, 64);
    assert.match(secret, /^[A-Za-z0-9]{64}$/);
  });

  it('honours the requested length, including lengths that need a second round of bytes', () => {
    for (const length of [1, 13, 40, 64, 500, 4096]) assert.equal(generateSecret(length).length, length);
  });

  it('rejects nonsensical lengths', () => {
    for (const length of [0, -1, 1.5, 5000, Number.NaN])
      assert.throws(() => generateSecret(length), RangeError);
  });

  it('uses the whole alphabet roughly uniformly (no modulo bias towards the first characters)', () => {
    const counts = new Map<string, number>();
    const sample = [1, 2, 3, 4].map(() => generateSecret(4096)).join('');
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    assert.equal(counts.size, 62);
    for (const ch of ALPHANUMERIC) assert.ok(counts.has(ch), `character ${ch} never generated`);
    // Expected 264 per character; a biased generator (byte % 62) gives the first 8 characters ~25 % more.
    // Chi-square with 61 degrees of freedom: 140 is far beyond p = 1e-7 for a fair generator.
    const expected = sample.length / 62;
    let chi = 0;
    for (const count of counts.values()) chi += (count - expected) ** 2 / expected;
    assert.ok(chi < 140, `chi-square ${chi.toFixed(1)} too high`);
  });

  it('does not repeat', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateSecret(16)));
    assert.equal(seen.size, 200);
  });
});

describe('generateAdminToken', () => {
  it('is hgat_ followed by 40 alphanumeric characters', () => {
    const token = generateAdminToken();
    assert.match(token, /^hgat_[A-Za-z0-9]{40}$/);
    assert.notEqual(generateAdminToken(), token);
  });
});
