import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const doc = readFileSync(new URL('../../../docs/verify-library.md', import.meta.url), 'utf8');

/** What `hookgate/verify` exports at run time: the documented API, nothing the gateway uses internally. */
const DOCUMENTED = [
  'WebhookVerificationError',
  'createWebhookVerifier',
  'defineProvider',
  'fromFastifyRequest',
  'fromFetchRequest',
  'fromNodeRequest',
  'isWebhookVerificationError',
  'signWith',
  'toFetchResponse',
  'verifyWebhook',
  'verifyWebhookOrThrow',
];

test('hookgate/verify exports exactly the documented runtime API', async () => {
  const library = await import('../../../src/verify/index.ts');
  assert.deepEqual(Object.keys(library).sort(), [...DOCUMENTED].sort());
  for (const name of DOCUMENTED) {
    assert.ok(doc.includes(`\`${name}`), `docs/verify-library.md must document ${name}`);
  }
});

test('package.json maps hookgate/verify to the public entry, not the gateway internals', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  assert.deepEqual(manifest.exports['./verify'], './dist/src/verify/index.js');
  assert.equal(
    Object.values(manifest.exports).some((target) => String(target).includes('internal')),
    false,
  );
});
