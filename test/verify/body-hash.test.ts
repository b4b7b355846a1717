import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateSecret } from '../../src/secrets/index.ts';
import {
  type BodyHashConfig,
  bodyHashScheme,
  type CredentialVersion,
  type VerifyRequest,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const SECRET = generateSecret();
const config: BodyHashConfig = bodyHashScheme.config.parse({ mode: 'body_hash' });
const plain = (secret: string, id = 'v1'): CredentialVersion => ({ id, kind: 'plain', secret });
const MISMATCH = { ok: false, code: 'UNAUTHORIZED', message: 'UNAUTHORIZED: HMAC signature mismatch' };
const MISSING = { ok: false, code: 'UNAUTHORIZED', message: 'UNAUTHORIZED: Missing hash' };

/** We-Link's success payload, plus characters that serializers disagree on. */
const DATA = {
  status: 'SUCCESS',
  name: 'Zoë 😀',
  tab: 'a\tb\u007f',
  n: [1, 2.5, { x: null }],
  e: {},
  q: 'say "hi" \\ /',
};
/** `json.dumps(DATA)` as printed by CPython 3 (default separators, ensure_ascii). */
const PYTHON = String.raw`{"status": "SUCCESS", "name": "Zo\u00eb \ud83d\ude00", "tab": "a\tb\u007f", "n": [1, 2.5, {"x": null}], "e": {}, "q": "say \"hi\" \\ /"}`;

const sign = (text: string, secret = SECRET) => createHmac('sha256', secret).update(text).digest('hex');
/** Inserts `"hash": <h>` as the first or last member of a serialized object, with the given separators. */
function withHash(text: string, hash: string, position: 'first' | 'last', sep = ', ', colon = ': '): string {
  const member = `"hash"${colon}"${hash}"`;
  return position === 'first' ? `{${member}${sep}${text.slice(1)}` : `${text.slice(0, -1)}${sep}${member}}`;
}

function request(body: string | Uint8Array): VerifyRequest {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    method: 'POST',
    url: '/webhooks/in/con_1',
    headers: { 'content-type': 'application/json' },
    body: bytes,
  };
}

const verify = (body: string | Uint8Array, credentials = [plain(SECRET)], cfg = config) =>
  bodyHashScheme.verify(request(body), cfg, credentials, NOW);

describe('body_hash', () => {
  it('defaults: field hash, encrypted storage, 64-character secrets', () => {
    assert.deepEqual(config, { mode: 'body_hash', field: 'hash' });
    assert.equal(bodyHashScheme.storage, 'encrypted');
    assert.match(bodyHashScheme.generateSecret?.(config) ?? '', /^[A-Za-z0-9]{64}$/);
    assert.deepEqual(bodyHashScheme.signatureFields?.(config), ['hash']);
  });

  it("accepts We-Link's Node example: JSON.stringify compact, hash appended", async () => {
    const body = JSON.stringify({ ...DATA, hash: sign(JSON.stringify(DATA)) });
    assert.deepEqual(await verify(body), { ok: true });
  });

  it("accepts We-Link's Python example: json.dumps default with non-ASCII escapes", async () => {
    assert.deepEqual(await verify(withHash(PYTHON, sign(PYTHON), 'last')), { ok: true });
    assert.deepEqual(await verify(withHash(PYTHON, sign(PYTHON), 'first')), { ok: true });
  });

  it('accepts a Python signature on a body re-sent compact with raw UTF-8 (re-serialization)', async () => {
    const body = JSON.stringify({ ...DATA, hash: sign(PYTHON) });
    assert.deepEqual(await verify(body), { ok: true });
  });

  it('accepts a compact signature on a pretty-printed body (re-serialization)', async () => {
    const body = JSON.stringify({ hash: sign(JSON.stringify(DATA)), ...DATA }, null, 2);
    assert.deepEqual(await verify(body), { ok: true });
  });

  it("accepts the sender's own odd spacing exactly (raw cut-out), which no re-serialization reproduces", async () => {
    const own = '{ "status" :"SUCCESS" ,\t"request_id":"req-1",  "amount": 1.50 }';
    const hash = sign(own);
    for (const body of [
      `{ "hash":"${hash}"  ,"status" :"SUCCESS" ,\t"request_id":"req-1",  "amount": 1.50 }`,
      `{ "status" :"SUCCESS" ,\t"hash" : "${hash}",\t"request_id":"req-1",  "amount": 1.50 }`,
      `{ "status" :"SUCCESS" ,\t"request_id":"req-1",  "amount": 1.50 ,"hash":"${hash}" }`,
    ]) {
      assert.deepEqual(await verify(body), { ok: true }, body);
    }
    assert.deepEqual(
      await verify(`{"status":"SUCCESS","request_id":"req-1","amount":1.5,"hash":"${hash}"}`),
      MISMATCH,
    );
  });

  it('handles the hash as first, middle, last and only member, compact and pretty', async () => {
    const data = { a: 1, b: [true, null], c: 'x' };
    const hash = sign(JSON.stringify(data));
    const orders = [
      { hash, ...data },
      { a: 1, hash, b: [true, null], c: 'x' },
      { ...data, hash },
    ];
    for (const order of orders) {
      assert.deepEqual(await verify(JSON.stringify(order)), { ok: true });
      assert.deepEqual(await verify(JSON.stringify(order, null, 2)), { ok: true });
      assert.deepEqual(await verify(JSON.stringify(order, null, '\t')), { ok: true });
    }
    const empty = sign('{}');
    assert.deepEqual(await verify(`{"hash":"${empty}"}`), { ok: true });
    assert.deepEqual(await verify(`{\n  "hash": "${empty}"\n}`), { ok: true });
  });

  it('cuts the member by its decoded key and ignores look-alikes in nested objects and strings', async () => {
    const own = '{"inner":{"hash":"nested"},"text":"\\"hash\\": \\"x\\""}';
    const body = `{"h\\u0061sh":"${sign(own)}",${own.slice(1)}`;
    assert.deepEqual(await verify(body), { ok: true });
  });

  it('accepts upper-case hex', async () => {
    const body = JSON.stringify({ ...DATA, hash: sign(JSON.stringify(DATA)).toUpperCase() });
    assert.deepEqual(await verify(body), { ok: true });
  });

  it('rejects a tampered body and a wrong secret', async () => {
    const good = JSON.stringify({ ...DATA, hash: sign(JSON.stringify(DATA)) });
    assert.deepEqual(await verify(good.replace('SUCCESS', 'FAILED')), MISMATCH);
    assert.deepEqual(await verify(good, [plain(generateSecret())]), MISMATCH);
  });

  it('rejects a hash that is not 64 hex characters', async () => {
    for (const hash of ['', 'abc', 'a1b2c3d4e5f67890123456789abcdef123456789', 42, null, ['x']]) {
      assert.deepEqual(await verify(JSON.stringify({ ...DATA, hash })), MISMATCH, String(hash));
    }
  });

  it('reports a missing field by its name, also for bodies that are not JSON objects', async () => {
    assert.deepEqual(await verify(JSON.stringify(DATA)), MISSING);
    for (const body of ['[{"hash":"x"}]', 'null', '"hash"', '42', 'not json', '', '{"hash":']) {
      assert.deepEqual(await verify(body), MISSING, body);
    }
    assert.deepEqual(await verify(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d])), MISSING);
    const custom = bodyHashScheme.config.parse({ mode: 'body_hash', field: 'signature' });
    const result = await verify(JSON.stringify({ ...DATA, hash: 'x' }), [plain(SECRET)], custom);
    assert.equal(!result.ok && result.message, 'UNAUTHORIZED: Missing signature');
  });

  it('uses a configured field name', async () => {
    const custom = bodyHashScheme.config.parse({ mode: 'body_hash', field: 'sig' });
    const body = JSON.stringify({ ...DATA, sig: sign(JSON.stringify(DATA)) });
    assert.deepEqual(await verify(body, [plain(SECRET)], custom), { ok: true });
  });

  it('accepts either credential version during a rotation grace, not a third', async () => {
    const old = generateSecret();
    const versions = [plain(SECRET, 'new'), plain(old, 'old')];
    for (const secret of [SECRET, old]) {
      const body = JSON.stringify({ ...DATA, hash: sign(JSON.stringify(DATA), secret) });
      assert.deepEqual(await verify(body, versions), { ok: true });
    }
    const third = JSON.stringify({ ...DATA, hash: sign(JSON.stringify(DATA), generateSecret()) });
    assert.deepEqual(await verify(third, versions), MISMATCH);
  });

  it('fails closed without a credential', async () => {
    const result = await verify(JSON.stringify({ ...DATA, hash: sign(JSON.stringify(DATA)) }), []);
    assert.equal(!result.ok && result.message, 'UNAUTHORIZED: Connection is missing its signing credential');
  });

  it("signs like We-Link's Node example, and the result verifies", async () => {
    const signed = bodyHashScheme.sign?.(Buffer.from(PYTHON), config, SECRET, NOW, 'https://gw.example/x');
    assert.ok(signed);
    const payload = JSON.parse(Buffer.from(signed.body).toString('utf8')) as Record<string, unknown>;
    const { hash, ...data } = payload;
    assert.equal(hash, sign(JSON.stringify(data)));
    assert.deepEqual(await verify(signed.body), { ok: true });
    assert.throws(() => bodyHashScheme.sign?.(Buffer.from('[1]'), config, SECRET, NOW, ''), /JSON object/);
  });
});
