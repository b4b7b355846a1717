import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findScheme,
  isSchemeId,
  SCHEME_IDS,
  SCHEMES,
  SEED_SCHEMES,
  signWith,
  type VerifyRequest,
  verifyWith,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const URL = 'https://gw.example/webhooks/in/con_1';
const SECRET = 'registry-test-secret-0123456789';
const BODY = Buffer.from('{"event":"ping","data":{"n":1}}');

function asRequest(headers: Record<string, string>, body: Uint8Array): VerifyRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: 'POST', url: '/webhooks/in/con_1', headers: lower, body };
}

describe('registry', () => {
  it('holds the four seed modes with matching ids, plus the provider catalogue', () => {
    for (const id of ['shared_secret', 'api_key', 'hmac', 'body_hash']) {
      assert.ok(isSchemeId(id));
      assert.equal(SCHEMES[id]?.id, id);
      assert.ok(SCHEME_IDS.includes(id));
    }
    assert.deepEqual(Object.keys(SEED_SCHEMES), ['shared_secret', 'api_key', 'hmac', 'body_hash']);
    assert.equal(isSchemeId('toString'), false);
    assert.equal(isSchemeId(undefined), false);
    assert.equal(findScheme('constructor'), undefined);
  });

  it('every seed scheme round-trips sign → verify through the convenience functions', async () => {
    const configs = [
      { mode: 'shared_secret' },
      { mode: 'api_key', header: 'X-API-Key' },
      { mode: 'hmac', header: 'X-Hub-Signature-256', prefix: 'sha256=' },
      { mode: 'hmac', encoding: 'base64', algorithm: 'sha512' },
      { mode: 'body_hash' },
    ];
    for (const config of configs) {
      const signed = signWith(config.mode, BODY, config, SECRET, NOW, URL);
      const stored = findScheme(config.mode)?.config.parse(config);
      const credentials = [{ id: 'v1', kind: 'plain', secret: SECRET }] as const;
      const result = await verifyWith(
        config.mode,
        asRequest(signed.headers, signed.body),
        stored,
        credentials,
        NOW,
      );
      assert.deepEqual(result, { ok: true }, JSON.stringify(config));
      const wrong = signWith(config.mode, BODY, config, `${SECRET}!`, NOW, URL);
      const rejected = await verifyWith(
        config.mode,
        asRequest(wrong.headers, wrong.body),
        stored,
        credentials,
        NOW,
      );
      assert.equal(rejected.ok, false, JSON.stringify(config));
    }
  });

  it('verifyWith turns an unknown mode or a broken stored config into a failure, never an exception', async () => {
    const request = asRequest({ 'x-signature': 'ab' }, BODY);
    const credentials = [{ id: 'v1', kind: 'plain', secret: SECRET }] as const;
    const message = 'UNAUTHORIZED: Connection auth configuration is invalid';
    for (const [mode, config] of [
      ['nope', {}],
      ['hmac', { mode: 'hmac', encoding: 'rot13' }],
      ['hmac', null],
      ['hmac', { mode: 'shared_secret' }],
    ] as const) {
      const result = await verifyWith(mode, request, config, credentials, NOW);
      assert.equal(!result.ok && result.message, message);
    }
  });

  it('verifyWith applies config defaults, so a minimal stored config works', async () => {
    const signed = signWith('hmac', BODY, {}, SECRET, NOW, URL);
    const credentials = [{ id: 'v1', kind: 'plain', secret: SECRET }] as const;
    const request = asRequest(signed.headers, signed.body);
    assert.deepEqual(await verifyWith('hmac', request, { mode: 'hmac' }, credentials, NOW), { ok: true });
  });

  it('signWith explains unknown modes and invalid configs', () => {
    assert.throws(() => signWith('nope', BODY, {}, SECRET, NOW, URL), /unknown auth mode "nope"/);
    assert.throws(
      () => signWith('hmac', BODY, { encoding: 'rot13' }, SECRET, NOW, URL),
      /invalid auth config for hmac/,
    );
  });
});
