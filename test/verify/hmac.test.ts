import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { generateSecret } from '../../src/secrets/index.ts';
import {
  type CredentialVersion,
  type HmacConfig,
  hmacScheme,
  type VerifyRequest,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const SECRET = generateSecret();
const BODY = '{"action":"opened","number":42,"title":"Grüße 😀"}';
const MISMATCH = { ok: false, code: 'UNAUTHORIZED', message: 'UNAUTHORIZED: HMAC signature mismatch' };
const plain = (secret: string, id = 'v1'): CredentialVersion => ({ id, kind: 'plain', secret });
const parse = (input: Record<string, unknown>): HmacConfig =>
  hmacScheme.config.parse({ mode: 'hmac', ...input });
const github = parse({ header: 'X-Hub-Signature-256', prefix: 'sha256=' });
const hex = parse({});

function digest(body: string, secret = SECRET, algorithm = 'sha256'): Buffer {
  return createHmac(algorithm, secret).update(body).digest();
}

function request(headers: Record<string, string>, body = BODY): VerifyRequest {
  return { method: 'POST', url: '/webhooks/in/con_1', headers, body: Buffer.from(body) };
}

const verify = (req: VerifyRequest, cfg: HmacConfig, credentials = [plain(SECRET)]) =>
  hmacScheme.verify(req, cfg, credentials, NOW);

describe('hmac', () => {
  it('defaults: x-signature, hex, sha256, no prefix; encrypted storage, 64-character secrets', () => {
    assert.deepEqual(hex, { mode: 'hmac', header: 'x-signature', encoding: 'hex', algorithm: 'sha256' });
    assert.equal(hmacScheme.storage, 'encrypted');
    assert.match(hmacScheme.generateSecret?.(hex) ?? '', /^[A-Za-z0-9]{64}$/);
  });

  it('accepts a valid hex signature, in either case', async () => {
    const signature = digest(BODY).toString('hex');
    assert.deepEqual(await verify(request({ 'x-signature': signature }), hex), { ok: true });
    assert.equal((await verify(request({ 'x-signature': signature.toUpperCase() }), hex)).ok, true);
  });

  it('accepts a GitHub signature made by @octokit/webhooks-methods', async () => {
    const signature = await octokitSign(SECRET, BODY);
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    assert.deepEqual(await verify(request({ 'x-hub-signature-256': signature }), github), { ok: true });
  });

  it('signs so that @octokit/webhooks-methods verifies', async () => {
    const signed = hmacScheme.sign?.(Buffer.from(BODY), github, SECRET, NOW, 'https://gw.example/x');
    const value = signed?.headers['X-Hub-Signature-256'] ?? '';
    assert.equal(await octokitVerify(SECRET, BODY, value), true);
    assert.deepEqual(hmacScheme.credentialHeaders?.(github), ['x-hub-signature-256']);
  });

  it('reports a missing header by its configured name', async () => {
    assert.deepEqual(await verify(request({}), github), {
      ok: false,
      code: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Missing X-Hub-Signature-256',
    });
    const flintn = parse({ header: 'X-Signature-Primary' });
    const empty = await verify(request({ 'x-signature-primary': '  ' }), flintn);
    assert.equal(!empty.ok && empty.message, 'UNAUTHORIZED: Missing X-Signature-Primary');
  });

  it('matches the header name case-insensitively', async () => {
    const signature = await octokitSign(SECRET, BODY);
    assert.equal((await verify(request({ 'X-HUB-SIGNATURE-256': signature }), github)).ok, true);
    const lower = parse({ header: 'x-hub-signature-256', prefix: 'sha256=' });
    assert.equal((await verify(request({ 'x-hub-signature-256': signature }), lower)).ok, true);
  });

  it('rejects a wrong secret', async () => {
    const signature = await octokitSign(generateSecret(), BODY);
    assert.deepEqual(await verify(request({ 'x-hub-signature-256': signature }), github), MISMATCH);
  });

  it('rejects base64 sent where hex is configured, and hex where base64 is', async () => {
    const b64 = parse({ encoding: 'base64' });
    assert.deepEqual(
      await verify(request({ 'x-signature': digest(BODY).toString('base64') }), hex),
      MISMATCH,
    );
    assert.deepEqual(await verify(request({ 'x-signature': digest(BODY).toString('hex') }), b64), MISMATCH);
    assert.equal((await verify(request({ 'x-signature': digest(BODY).toString('base64') }), b64)).ok, true);
    assert.equal(
      (await verify(request({ 'x-signature': digest(BODY).toString('base64url') }), b64)).ok,
      true,
    );
  });

  it('rejects a missing or wrong prefix, and a prefix that is not configured', async () => {
    const bare = digest(BODY).toString('hex');
    assert.deepEqual(await verify(request({ 'x-hub-signature-256': bare }), github), MISMATCH);
    assert.deepEqual(await verify(request({ 'x-hub-signature-256': `sha1=${bare}` }), github), MISMATCH);
    assert.deepEqual(await verify(request({ 'x-signature': `sha256=${bare}` }), hex), MISMATCH);
  });

  it('rejects a truncated or padded signature (wrong length)', async () => {
    const signature = digest(BODY).toString('hex');
    assert.deepEqual(await verify(request({ 'x-signature': signature.slice(0, 62) }), hex), MISMATCH);
    assert.deepEqual(await verify(request({ 'x-signature': `${signature}00` }), hex), MISMATCH);
    assert.deepEqual(await verify(request({ 'x-signature': 'zz'.repeat(32) }), hex), MISMATCH);
  });

  it('rejects a tampered body and reformatted JSON (signatures cover the exact bytes)', async () => {
    const signature = digest(BODY).toString('hex');
    const tampered = BODY.replace('42', '43');
    assert.deepEqual(await verify(request({ 'x-signature': signature }, tampered), hex), MISMATCH);
    const reformatted = JSON.stringify(JSON.parse(BODY), null, 2);
    assert.deepEqual(await verify(request({ 'x-signature': signature }, reformatted), hex), MISMATCH);
  });

  it('supports sha1 and sha512', async () => {
    for (const algorithm of ['sha1', 'sha512'] as const) {
      const cfg = parse({ algorithm });
      const good = digest(BODY, SECRET, algorithm).toString('hex');
      assert.equal((await verify(request({ 'x-signature': good }), cfg)).ok, true, algorithm);
      const wrongAlgorithm = digest(BODY).toString('hex');
      assert.deepEqual(await verify(request({ 'x-signature': wrongAlgorithm }), cfg), MISMATCH);
    }
  });

  it('accepts either credential version during a rotation grace, not a third', async () => {
    const old = generateSecret();
    const versions = [plain(SECRET, 'new'), plain(old, 'old')];
    for (const secret of [SECRET, old]) {
      const header = { 'x-signature': digest(BODY, secret).toString('hex') };
      assert.equal((await verify(request(header), hex, versions)).ok, true);
    }
    const third = { 'x-signature': digest(BODY, generateSecret()).toString('hex') };
    assert.deepEqual(await verify(request(third), hex, versions), MISMATCH);
  });

  it('fails closed without a usable credential', async () => {
    const header = { 'x-signature': digest(BODY).toString('hex') };
    const hashed: CredentialVersion = { id: 'h', kind: 'hashed', matches: async () => true };
    for (const credentials of [[], [hashed]]) {
      const result = await verify(request(header), hex, credentials);
      assert.equal(
        !result.ok && result.message,
        'UNAUTHORIZED: Connection is missing its signing credential',
      );
    }
  });

  it('signs base64 with a custom prefix as configured', async () => {
    const cfg = parse({ header: 'X-Sig', encoding: 'base64', prefix: 'v1=', algorithm: 'sha512' });
    const signed = hmacScheme.sign?.(Buffer.from(BODY), cfg, SECRET, NOW, 'https://gw.example/x');
    assert.equal(signed?.headers['X-Sig'], `v1=${digest(BODY, SECRET, 'sha512').toString('base64')}`);
    assert.equal((await verify(request({ 'x-sig': signed?.headers['X-Sig'] ?? '' }), cfg)).ok, true);
  });

  it('rejects invalid configs', () => {
    assert.equal(hmacScheme.config.safeParse({ mode: 'hmac', header: 'bad header' }).success, false);
    assert.equal(hmacScheme.config.safeParse({ mode: 'hmac', encoding: 'base32' }).success, false);
    assert.equal(hmacScheme.config.safeParse({ mode: 'hmac', algorithm: 'md5' }).success, false);
    assert.equal(hmacScheme.config.safeParse({ mode: 'hmac', tolerance: 300 }).success, false);
  });
});
