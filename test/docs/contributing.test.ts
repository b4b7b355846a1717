import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const ROOT = new URL('../../', import.meta.url);
const GUIDE = readFileSync(new URL('CONTRIBUTING.md', ROOT), 'utf8');

test('every file CONTRIBUTING.md names exists, so its recipes stay true', () => {
  const named = [...GUIDE.matchAll(/`((?:src|test|web|docs)\/[\w./-]+\.(?:ts|tsx|md|json))`/g)].map(
    (m) => m[1] ?? '',
  );
  assert.ok(named.length > 20, 'the recipes name their files');
  const missing = named.filter((path) => !existsSync(new URL(path, ROOT)));
  assert.deepEqual(missing, []);
});
