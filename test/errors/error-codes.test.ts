import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from '../../src/errors/error-codes.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** Rows of the first table in docs/errors.md: `| \`CODE\` | status | meaning |`. */
function documentedCodes(): Map<string, number> {
  const rows = new Map<string, number>();
  for (const match of doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm))
    rows.set(match[1] ?? '', Number(match[2]));
  return rows;
}

test('every error code in the table is documented with its HTTP status', () => {
  const documented = documentedCodes();
  for (const [code, { status }] of Object.entries(ERROR_CODES)) {
    assert.equal(
      documented.get(code),
      status,
      `${code} must be documented in docs/errors.md with status ${status}`,
    );
  }
});

test('docs/errors.md documents no code the table lacks', () => {
  for (const code of documentedCodes().keys()) {
    assert.ok(
      code in ERROR_CODES,
      `docs/errors.md lists ${code}, which src/errors/error-codes.ts does not have`,
    );
  }
});
