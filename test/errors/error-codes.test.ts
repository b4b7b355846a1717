import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES, type ErrorCode, outcomeOf } from '../../src/errors/error-codes.ts';
import { FAILURES } from '../../src/errors/failures.ts';
import { HISTORY_OUTCOMES } from '../../src/errors/outcomes.ts';

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

test('a code records the history outcome of its name, or ERROR; failures carry the code as prefix', () => {
  assert.equal(outcomeOf('PAYLOAD_TOO_LARGE'), 'PAYLOAD_TOO_LARGE');
  assert.equal(outcomeOf('UNAUTHORIZED'), 'UNAUTHORIZED');
  assert.equal(outcomeOf('CONNECTION_DISABLED'), 'ERROR');
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const outcome = outcomeOf(code);
    assert.ok(HISTORY_OUTCOMES.includes(outcome), code);
    assert.ok(outcome === 'ERROR' || outcome === code, `${code} records ${outcome}`);
  }
  assert.deepEqual(FAILURES.payloadTooLarge(1024), {
    ok: false,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'PAYLOAD_TOO_LARGE: Body exceeds 1024 bytes',
  });
  // The gateway's own faults read `ERROR: …` in history, whatever their code.
  assert.equal(FAILURES.credentialUnloadable().message, 'ERROR: Credential could not be loaded');
  assert.equal(FAILURES.credentialUnloadable().code, 'INTERNAL_ERROR');
});
