import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSecret } from '../../src/secrets/index.ts';
import {
  type ApiKeyConfig,
  apiKeyScheme,
  type CredentialVersion,
  type VerifyRequest,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const KEY = 'a1p2z5b7v68b9112234'; // the example key from Xoxo's documentation
const config: ApiKeyConfig = apiKeyScheme.config.parse({ mode: 'api_key' });
const xoxo: ApiKeyConfig = apiKeyScheme.config.parse({ mode: 'api_key', format: 'xoxo' });
const plain = (secret: string, id = 'v1'): CredentialVersion => ({ id, kind: 'plain', secret });
const INVALID = { ok: false, code: 'UNAUTHORIZED', message: 'UNAUTHORIZED: Invalid secret' };

function request(headers: Record<string, string>): VerifyRequest {
  return { method: 'POST', url: '/webhooks/in/con_1', headers, body: Buffer.from('{"id":1}') };
}

const verify = (req: VerifyRequest, credentials: readonly CredentialVersion[], cfg = config) =>
  apiKeyScheme.verify(req, cfg, credentials, NOW);

describe('api_key', () => {
  it('defaults: header x-api-key, encrypted storage', () => {
    assert.equal(config.header, 'x-api-key');
    assert.equal(apiKeyScheme.storage, 'encrypted');
  });

  it('generates 64 characters, or 40 with format xoxo (which Xoxo accepts)', () => {
    assert.match(apiKeyScheme.generateSecret?.(config) ?? '', /^[A-Za-z0-9]{64}$/);
    const generated = apiKeyScheme.generateSecret?.(xoxo) ?? '';
    assert.match(generated, /^[A-Za-z0-9]{40}$/);
    assert.equal(apiKeyScheme.validateSecret?.(generated, xoxo), null);
  });

  it('validates Xoxo keys: alphanumeric, 13–60 characters', () => {
    const check = (s: string) => apiKeyScheme.validateSecret?.(s, xoxo) ?? null;
    assert.equal(check(KEY), null);
    assert.equal(check('a'.repeat(13)), null);
    assert.equal(check('a'.repeat(60)), null);
    for (const bad of ['a'.repeat(12), 'a'.repeat(61), 'abc-def-ghi-jkl', 'abcdefghijklm '])
      assert.match(check(bad) ?? '', /alphanumeric.*13–60 characters/);
  });

  it('validates generic keys: 16–1024 visible ASCII characters', () => {
    const check = (s: string) => apiKeyScheme.validateSecret?.(s, config) ?? null;
    assert.equal(check('key-with_symbols.123'), null);
    assert.equal(check('a'.repeat(16)), null);
    assert.match(check('a'.repeat(15)) ?? '', /16–1024/);
    assert.match(check('with space 123456') ?? '', /visible ASCII/);
  });

  it('accepts the right key', async () => {
    assert.deepEqual(await verify(request({ 'x-api-key': KEY }), [plain(KEY)], xoxo), { ok: true });
  });

  it('rejects a wrong key and a missing header with the same message', async () => {
    assert.deepEqual(await verify(request({ 'x-api-key': 'a1p2z5b7v68b9112235' }), [plain(KEY)]), INVALID);
    assert.deepEqual(await verify(request({ 'x-api-key': `${KEY}${KEY}` }), [plain(KEY)]), INVALID);
    assert.deepEqual(await verify(request({}), [plain(KEY)]), INVALID);
    assert.deepEqual(await verify(request({ authorization: KEY }), [plain(KEY)]), INVALID);
  });

  it('matches the header name case-insensitively (Xoxo writes x-API-key)', async () => {
    const custom = apiKeyScheme.config.parse({ mode: 'api_key', header: 'x-API-key' });
    assert.equal((await verify(request({ 'x-api-key': KEY }), [plain(KEY)], custom)).ok, true);
    assert.equal((await verify(request({ 'X-Api-Key': KEY }), [plain(KEY)])).ok, true);
  });

  it('accepts old and new keys during a rotation grace, not a third one', async () => {
    const next = generateSecret(40);
    const versions = [plain(next, 'new'), plain(KEY, 'old')];
    assert.equal((await verify(request({ 'x-api-key': KEY }), versions)).ok, true);
    assert.equal((await verify(request({ 'x-api-key': next }), versions)).ok, true);
    assert.deepEqual(await verify(request({ 'x-api-key': generateSecret(40) }), versions), INVALID);
  });

  it('fails closed without a credential (public-key credentials do not count)', async () => {
    const message = 'UNAUTHORIZED: Connection is missing its signing credential';
    const result = await verify(request({ 'x-api-key': KEY }), []);
    assert.equal(!result.ok && result.message, message);
    const other = await verify(request({ 'x-api-key': KEY }), [
      { id: 'p', kind: 'public_key', publicKey: KEY },
    ]);
    assert.equal(!other.ok && other.message, message);
  });

  it('rejects an enormous header without comparing', async () => {
    assert.deepEqual(await verify(request({ 'x-api-key': 'k'.repeat(100_000) }), [plain(KEY)]), INVALID);
  });

  it('signs with the key in the configured header', () => {
    const signed = apiKeyScheme.sign?.(Buffer.from('{}'), xoxo, KEY, NOW, 'https://gw.example/x');
    assert.equal(signed?.headers['x-api-key'], KEY);
  });
});
