import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadOrCreateMasterKey, MasterKeyError } from '../../src/secrets/index.ts';

const root = await mkdtemp(join(tmpdir(), 'hookgate-master-key-'));
after(() => rm(root, { recursive: true, force: true }));

describe('loadOrCreateMasterKey', () => {
  it('creates the data dir and a 0600 base64 key file on first use, then reads it back', async () => {
    const dataDir = join(root, 'nested', 'data');
    const first = await loadOrCreateMasterKey(dataDir);
    assert.equal(first.created, true);
    assert.equal(first.key.length, 32);
    const path = join(dataDir, 'master.key');
    assert.equal((await readFile(path, 'utf8')).trim(), first.key.toString('base64'));
    if (process.platform !== 'win32') assert.equal((await stat(path)).mode & 0o777, 0o600);
    const second = await loadOrCreateMasterKey(dataDir);
    assert.equal(second.created, false);
    assert.deepEqual(second.key, first.key);
  });

  it('gives every concurrent starter the same key', async () => {
    const dataDir = join(root, 'race');
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateMasterKey(dataDir)));
    assert.equal(results.filter((r) => r.created).length, 1);
    for (const r of results) assert.deepEqual(r.key, results[0]?.key);
  });

  it('refuses a corrupt key file with a message naming the file', async () => {
    const dataDir = join(root, 'corrupt');
    await loadOrCreateMasterKey(dataDir);
    await writeFile(join(dataDir, 'master.key'), 'c2hvcnQ=\n');
    await assert.rejects(loadOrCreateMasterKey(dataDir), (error: unknown) => {
      assert.ok(error instanceof MasterKeyError);
      assert.match(error.message, /master\.key must decode to 32 bytes/);
      return true;
    });
  });
});
