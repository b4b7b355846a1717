import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createSecretBox,
  MasterKeyError,
  masterKeyId,
  parseMasterKey,
  SecretBoxError,
} from '../../src/secrets/index.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const SECRET = 'whsec_super-secret-value-ünïcødé-😀';

function flip(envelope: string, partIndex: number): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[partIndex] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secret box', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const box = createSecretBox({ current: keyA });
    const one = box.seal(SECRET);
    const two = box.seal(SECRET);
    assert.notEqual(one, two);
    assert.equal(box.open(one), SECRET);
    assert.equal(box.open(two), SECRET);
    assert.equal(box.open(box.seal('')), '');
  });

  it('produces a versioned, printable envelope that does not contain the plaintext', () => {
    const box = createSecretBox({ current: keyA });
    const envelope = box.seal(SECRET);
    assert.match(envelope, /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    assert.equal(envelope.split('.')[1], masterKeyId(keyA));
    assert.equal(box.keyId, masterKeyId(keyA));
    assert.ok(!envelope.includes('super-secret'));
  });

  it('throws a clear error, without the plaintext, on any tampering', () => {
    const box = createSecretBox({ current: keyA });
    const envelope = box.seal(SECRET);
    for (const part of [2, 3, 4]) {
      assert.throws(
        () => box.open(flip(envelope, part)),
        (error: unknown) =>
          error instanceof SecretBoxError &&
          /failed authentication/.test(error.message) &&
          !error.message.includes(SECRET),
      );
    }
    assert.throws(() => box.open(envelope.replace(/^v1/, 'v2')), /malformed/);
    assert.throws(() => box.open('not an envelope'), SecretBoxError);
    assert.throws(() => box.open(`${envelope}.extra`), SecretBoxError);
  });

  it('rejects an envelope relabelled with another key id', () => {
    const both = createSecretBox({ current: keyA, previous: [keyB] });
    const sealedA = both.seal(SECRET);
    const relabelled = sealedA.replace(masterKeyId(keyA), masterKeyId(keyB));
    assert.throws(() => both.open(relabelled), /failed authentication/);
  });

  it('rotates the master key: previous keys still open, isCurrent tells what to re-seal', () => {
    const before = createSecretBox({ current: keyA });
    const old = before.seal(SECRET);
    const after = createSecretBox({ current: keyB, previous: [keyA] });
    assert.equal(after.open(old), SECRET);
    assert.equal(after.isCurrent(old), false);
    const resealed = after.seal(after.open(old));
    assert.equal(after.isCurrent(resealed), true);
    assert.equal(before.isCurrent(old), true);
    assert.equal(after.isCurrent('garbage'), false);
  });

  it('names the unknown key id when no configured key matches', () => {
    const old = createSecretBox({ current: keyA }).seal(SECRET);
    const other = createSecretBox({ current: keyB });
    assert.throws(
      () => other.open(old),
      (error: unknown) => {
        assert.ok(error instanceof SecretBoxError);
        assert.match(error.message, new RegExp(`unknown master key \\(key id ${masterKeyId(keyA)}\\)`));
        assert.match(error.message, /HOOKGATE_MASTER_KEY_PREVIOUS/);
        return true;
      },
    );
  });

  it('refuses keys that are not 32 bytes', () => {
    assert.throws(() => createSecretBox({ current: randomBytes(16) }), /32 bytes/);
    assert.throws(() => createSecretBox({ current: keyA, previous: [randomBytes(31)] }), /32 bytes/);
  });
});

describe('parseMasterKey', () => {
  it('accepts base64 and base64url of 32 bytes', () => {
    assert.deepEqual(parseMasterKey(keyA.toString('base64')), keyA);
    assert.deepEqual(parseMasterKey(`  ${keyA.toString('base64url')}\n`), keyA);
    assert.deepEqual(parseMasterKey(keyA.toString('base64').replace(/=+$/, '')), keyA);
  });

  it('explains what is wrong and how to make a key', () => {
    assert.throws(
      () => parseMasterKey(randomBytes(16).toString('base64'), 'HOOKGATE_MASTER_KEY'),
      (error: unknown) =>
        error instanceof MasterKeyError &&
        /HOOKGATE_MASTER_KEY must decode to 32 bytes/.test(error.message) &&
        /got 16 bytes/.test(error.message) &&
        /openssl rand -base64 32/.test(error.message),
    );
    assert.throws(() => parseMasterKey('not base64!'), /not valid base64/);
    assert.throws(() => parseMasterKey(keyA.toString('hex')), /looks like hex/);
    assert.throws(() => parseMasterKey('   '), /empty/);
  });
});
