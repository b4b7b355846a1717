import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PROVIDER_SCHEMES } from '../../../src/verify/providers/index.ts';

const DOCS = readFileSync(new URL('../../../docs/providers.md', import.meta.url), 'utf8');

describe('docs/providers.md', () => {
  it('has a catalogue row for every provider mode, and none for unknown modes', () => {
    const documented = [...DOCS.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((match) => match[1]);
    assert.deepEqual([...documented].sort(), Object.keys(PROVIDER_SCHEMES).sort());
  });

  it('states each default window as the code does', () => {
    for (const [id, scheme] of Object.entries(PROVIDER_SCHEMES)) {
      if (scheme.tolerance === undefined) continue;
      const window = scheme.tolerance % 60 === 0 ? `±${scheme.tolerance / 60} min` : `±${scheme.tolerance} s`;
      const row = DOCS.split('\n').find((line) => line.startsWith(`| \`${id}\` |`)) ?? '';
      assert.ok(row.includes(window), `${id}: ${window}`);
    }
  });
});
