import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import bcrypt from 'bcryptjs';

const bcryptVerify = (value: string, hash: string): Promise<boolean> => bcrypt.compare(value, hash);

import fc from 'fast-check';
import { createSecretHasher, generateSecret } from '../../src/secrets/index.ts';

const COST = 4;

describe('secret hasher', () => {
  it('hashes with bcrypt at the requested cost and verifies', async () => {
    const hasher = createSecretHasher({ cost: COST });
    const secret = generateSecret();
    const hash = await hasher.hash(secret);
    assert.match(hash, /^\$2b\$04\$/);
    assert.equal(await bcryptVerify(secret, hash), true);
    assert.equal(await hasher.verify(secret, hash), true);
    assert.equal(await hasher.verify(`${secret}x`, hash), false);
  });

  it('uses the default cost 10', async () => {
    const hash = await createSecretHasher().hash('default-cost-secret');
    assert.match(hash, /^\$2b\$10\$/);
  });

  it('answers a repeated verification from the cache, agreeing with bcrypt', async () => {
    const secret = generateSecret();
    const hash = await createSecretHasher({ cost: COST }).hash(secret);
    const hasher = createSecretHasher({ cost: COST }); // another process: empty cache
    assert.equal(await hasher.verify(secret, hash), true);
    assert.deepEqual(hasher.stats(), { entries: 1, bcryptCalls: 1 });
    assert.equal(await hasher.verify(secret, hash), true);
    assert.equal(hasher.stats().bcryptCalls, 1, 'second verification must not run bcrypt');
    // A different canonical value is a definite reject, also without bcrypt.
    const wrong = generateSecret();
    assert.equal(await hasher.verify(wrong, hash), false);
    assert.equal(await bcryptVerify(wrong, hash), false);
    assert.equal(hasher.stats().bcryptCalls, 1);
  });

  it('rejects a wrong value on an empty cache (through bcrypt) and caches nothing', async () => {
    const hash = await createSecretHasher({ cost: COST }).hash(generateSecret());
    const hasher = createSecretHasher({ cost: COST });
    assert.equal(await hasher.verify('nope', hash), false);
    assert.deepEqual(hasher.stats(), { entries: 0, bcryptCalls: 1 });
  });

  it('falls back to bcrypt where bcrypt itself accepts other values (NUL bytes, past 72 bytes)', async () => {
    const hasher = createSecretHasher({ cost: COST });
    const short = await hasher.hash('a');
    assert.equal(await hasher.verify('a', short), true);
    assert.equal(await bcryptVerify('a\0a', short), true, 'bcrypt quirk this test relies on');
    assert.equal(await hasher.verify('a\0a', short), true);
    const long = 'x'.repeat(80);
    const longHash = await hasher.hash(long);
    assert.equal(await hasher.verify(long, longHash), true);
    assert.equal(await hasher.verify(`${'x'.repeat(72)}different tail`, longHash), true);
    assert.equal(await hasher.verify('x'.repeat(71), longHash), false);
  });

  it('forget drops the entry; the next verification runs bcrypt again', async () => {
    const hasher = createSecretHasher({ cost: COST });
    const secret = generateSecret();
    const hash = await hasher.hash(secret);
    assert.equal(hasher.stats().entries, 1);
    hasher.forget(hash);
    assert.equal(hasher.stats().entries, 0);
    assert.equal(await hasher.verify(secret, hash), true);
    assert.equal(hasher.stats().bcryptCalls, 1);
  });

  it('shares one bcrypt call among concurrent verifications of the same value', async () => {
    const secret = generateSecret();
    const hash = await createSecretHasher({ cost: COST }).hash(secret);
    const hasher = createSecretHasher({ cost: COST });
    const results = await Promise.all(Array.from({ length: 20 }, () => hasher.verify(secret, hash)));
    assert.ok(results.every(Boolean));
    assert.equal(hasher.stats().bcryptCalls, 1);
  });

  it('bounds the cache (least recently used evicted first)', async () => {
    const hasher = createSecretHasher({ cost: COST, maxEntries: 2 });
    const a = await hasher.hash('secret-a-0123456789');
    await hasher.hash('secret-b-0123456789');
    await hasher.verify('secret-a-0123456789', a); // touch a
    await hasher.hash('secret-c-0123456789'); // evicts b
    assert.equal(hasher.stats().entries, 2);
    assert.equal(await hasher.verify('secret-a-0123456789', a), true);
    assert.equal(hasher.stats().bcryptCalls, 0);
  });

  it('answers false (never throws) for a malformed hash', async () => {
    const hasher = createSecretHasher({ cost: COST });
    assert.equal(await hasher.verify('x', 'not a bcrypt hash'), false);
    assert.equal(await hasher.verify('x', ''), false);
  });

  it('always agrees with bcrypt (property)', async () => {
    const secret = 'known-secret-value-123';
    const hash = await createSecretHasher({ cost: COST }).hash(secret);
    const hasher = createSecretHasher({ cost: COST });
    await hasher.verify(secret, hash);
    const value = fc.oneof(
      fc.string({ maxLength: 90 }),
      fc.constantFrom(secret, `${secret}\0`, `${secret}\0x`, secret.slice(0, -1), ''),
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    await fc.assert(
      fc.asyncProperty(value, async (presented) => {
        assert.equal(await hasher.verify(presented, hash), await bcryptVerify(presented, hash));
      }),
      { numRuns: 100 },
    );
  });
});
