import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSecretHasher, generateSecret } from '../../src/secrets/index.ts';
import {
  type CredentialVersion,
  type SharedSecretConfig,
  sharedSecretScheme,
  type VerifyRequest,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const SECRET = generateSecret();
const config: SharedSecretConfig = sharedSecretScheme.config.parse({ mode: 'shared_secret' });
const plain = (secret: string, id = 'v1'): CredentialVersion => ({ id, kind: 'plain', secret });

function request(headers: Record<string, string>): VerifyRequest {
  return { method: 'POST', url: '/webhooks/in/con_1', headers, body: Buffer.from('{"event":"x"}') };
}

const verify = (req: VerifyRequest, credentials: readonly CredentialVersion[], cfg = config) =>
  sharedSecretScheme.verify(req, cfg, credentials, NOW);

describe('shared_secret', () => {
  it('defaults: header x-webhook-secret, bcrypt storage, 64-character generated secret', () => {
    assert.equal(config.header, 'x-webhook-secret');
    assert.equal(sharedSecretScheme.storage, 'hash');
    assert.match(sharedSecretScheme.generateSecret?.(config) ?? '', /^[A-Za-z0-9]{64}$/);
  });

  it('accepts the right secret (plain credential)', async () => {
    assert.deepEqual(await verify(request({ 'x-webhook-secret': SECRET }), [plain(SECRET)]), { ok: true });
  });

  it('accepts the right secret through a hashed credential (gateway path)', async () => {
    const hasher = createSecretHasher({ cost: 4 });
    const hash = await hasher.hash(SECRET);
    const hashed: CredentialVersion = { id: 'h', kind: 'hashed', matches: (p) => hasher.verify(p, hash) };
    assert.equal((await verify(request({ 'x-webhook-secret': SECRET }), [hashed])).ok, true);
    const wrong = await verify(request({ 'x-webhook-secret': generateSecret() }), [hashed]);
    assert.deepEqual(wrong, { ok: false, code: 'UNAUTHORIZED', message: 'UNAUTHORIZED: Invalid secret' });
  });

  it('rejects a wrong secret', async () => {
    // The last character changed (a random secret may itself end in X).
    const wrong = `${SECRET.slice(0, -1)}${SECRET.endsWith('X') ? 'Y' : 'X'}`;
    const result = await verify(request({ 'x-webhook-secret': wrong }), [plain(SECRET)]);
    assert.deepEqual(result, { ok: false, code: 'UNAUTHORIZED', message: 'UNAUTHORIZED: Invalid secret' });
  });

  it('rejects a missing or empty header with the same message', async () => {
    for (const headers of [{}, { 'x-webhook-secret': '' }, { 'x-other': SECRET }]) {
      const result = await verify(request(headers), [plain(SECRET)]);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.message, 'UNAUTHORIZED: Invalid secret');
    }
  });

  it('matches the header name case-insensitively, both in the config and in the request', async () => {
    const mixed = sharedSecretScheme.config.parse({ mode: 'shared_secret', header: 'X-My-Secret' });
    assert.equal((await verify(request({ 'x-my-secret': SECRET }), [plain(SECRET)], mixed)).ok, true);
    assert.equal((await verify(request({ 'X-WEBHOOK-SECRET': SECRET }), [plain(SECRET)])).ok, true);
  });

  it('accepts any of several credential versions (rotation grace), and nothing else', async () => {
    const old = generateSecret();
    const versions = [plain(SECRET, 'new'), plain(old, 'old')];
    assert.equal((await verify(request({ 'x-webhook-secret': SECRET }), versions)).ok, true);
    assert.equal((await verify(request({ 'x-webhook-secret': old }), versions)).ok, true);
    assert.equal((await verify(request({ 'x-webhook-secret': generateSecret() }), versions)).ok, false);
  });

  it('fails closed without a credential', async () => {
    const result = await verify(request({ 'x-webhook-secret': SECRET }), []);
    assert.deepEqual(result, {
      ok: false,
      code: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Connection is missing its signing credential',
    });
  });

  it('treats a throwing hashed credential as a non-match', async () => {
    const broken: CredentialVersion = {
      id: 'b',
      kind: 'hashed',
      matches: () => Promise.reject(new Error('db')),
    };
    const result = await verify(request({ 'x-webhook-secret': SECRET }), [broken, plain(SECRET)]);
    assert.equal(result.ok, true);
    assert.equal((await verify(request({ 'x-webhook-secret': SECRET }), [broken])).ok, false);
  });

  it('validates user secrets: 16–72 visible ASCII characters', () => {
    const check = (s: string) => sharedSecretScheme.validateSecret?.(s, config) ?? null;
    assert.equal(check(SECRET), null);
    assert.match(check('short') ?? '', /16–72/);
    assert.match(check('x'.repeat(73)) ?? '', /16–72/);
    assert.match(check('has a space in it!!') ?? '', /visible ASCII/);
  });

  it('signs as a partner would: the secret in the configured header', async () => {
    const body = Buffer.from('{"a":1}');
    const signed = sharedSecretScheme.sign?.(
      body,
      config,
      SECRET,
      NOW,
      'https://gw.example/webhooks/in/con_1',
    );
    assert.equal(signed?.headers['x-webhook-secret'], SECRET);
    assert.equal(signed?.body, body);
    assert.deepEqual(sharedSecretScheme.credentialHeaders?.(config), ['x-webhook-secret']);
  });
});
