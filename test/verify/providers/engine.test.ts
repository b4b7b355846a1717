import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { defineProvider } from '../../../src/verify/engine/define.ts';
import { decodeBase64, decodeHex } from '../../../src/verify/engine/encoding.ts';
import { hmacKey, parsePublicKey } from '../../../src/verify/engine/keys.ts';
import { parseSignatureHeader } from '../../../src/verify/engine/signature-header.ts';
import type { ProviderSpec } from '../../../src/verify/engine/spec.ts';
import { parseTemplate, renderTemplate, sortedFormParams } from '../../../src/verify/engine/template.ts';
import { formatTolerance, parseTimestamp } from '../../../src/verify/engine/timestamp.ts';
import { assertFails, assertOk, BODY, NOW, NOW_SECONDS, publicKey, request } from './helpers.ts';

describe('engine: templates', () => {
  it('renders literal prefixes, parts and the raw body bytes', () => {
    const parts = parseTemplate('v0:{timestamp}:{body}');
    const body = Buffer.from([0xff, 0x00, 0x41]);
    assert.deepEqual(
      renderTemplate(parts, { body, method: 'post', timestamp: '12' }),
      Buffer.concat([Buffer.from('v0:12:'), body]),
    );
    assert.equal(
      renderTemplate(parseTemplate('{method}{json:a.b}{header:X-T}'), {
        body,
        method: 'post',
        json: (path) => (path === 'a.b' ? 'J' : undefined),
        header: (name) => (name === 'X-T' ? 'H' : undefined),
      }).toString(),
      'POSTJH',
    );
  });

  it('rejects unknown tokens at declaration time', () => {
    assert.throws(() => parseTemplate('{bodyy}'), /Unknown template token/);
    assert.throws(() => parseTemplate('{json}'), /Unknown template token/);
  });

  it('sorts form parameters by name then value, only for form bodies', () => {
    const form = Buffer.from('b=2&a=z&a=y&c=%2B1');
    assert.equal(
      sortedFormParams(form, 'application/x-www-form-urlencoded; charset=utf-8'),
      'aya' + 'zb2c+1',
    );
    assert.equal(sortedFormParams(form, 'application/json'), '');
  });
});

describe('engine: signature headers', () => {
  const stripe = { kind: 'list', entrySep: ',', kvSep: '=', version: 'v1', timestampKey: 't' } as const;

  it('collects every versioned entry and the timestamp, tolerating spaces', () => {
    assert.deepEqual(parseSignatureHeader(' t=1 , v1=aa, v0=bb ,v1=cc', stripe, 'S'), {
      ok: true,
      candidates: ['aa', 'cc'],
      timestamp: '1',
    });
    assert.deepEqual(
      parseSignatureHeader(
        'v1,abc= v1a,def v1,ghi',
        { kind: 'list', entrySep: ' ', kvSep: ',', version: 'v1' },
        'S',
      ),
      { ok: true, candidates: ['abc=', 'ghi'] },
    );
  });

  it('names what is missing', () => {
    assert.deepEqual(parseSignatureHeader('t=1', stripe, 'Stripe-Signature'), {
      ok: false,
      message: 'No v1 signature in Stripe-Signature header',
    });
    assert.deepEqual(parseSignatureHeader('v1=aa', stripe, 'Stripe-Signature'), {
      ok: false,
      message: 'No timestamp in Stripe-Signature header',
    });
  });

  it('requires a configured prefix, case-insensitively', () => {
    assert.deepEqual(parseSignatureHeader('SHA256=ab', { kind: 'single', prefix: 'sha256=' }, 'H'), {
      ok: true,
      candidates: ['ab'],
    });
    assert.deepEqual(parseSignatureHeader('ab', { kind: 'single', prefix: 'sha256=' }, 'H'), {
      ok: true,
      candidates: [],
    });
  });
});

describe('engine: timestamps, encodings and keys', () => {
  it('parses seconds, milliseconds and ISO-8601 (with nanoseconds), and nothing else', () => {
    assert.equal(parseTimestamp(String(NOW_SECONDS), 's'), NOW.getTime());
    assert.equal(parseTimestamp(String(NOW.getTime()), 'ms'), NOW.getTime());
    assert.equal(parseTimestamp('2025-06-01T12:00:00.123456789Z', 'iso'), NOW.getTime() + 123);
    assert.equal(parseTimestamp('2025-06-01T14:00:00+02:00', 'iso'), NOW.getTime());
    for (const bad of ['', '1e9', '-5', '0x10', '2025-06-01 12:00:00', 'tomorrow']) {
      assert.equal(parseTimestamp(bad, 's') ?? parseTimestamp(bad, 'iso'), null, bad);
    }
    assert.equal(formatTolerance(300), '5 min');
    assert.equal(formatTolerance(5), '5 s');
    assert.equal(formatTolerance(90), '90 s');
  });

  it('decodes strictly', () => {
    assert.equal(decodeHex('abc'), null);
    assert.equal(decodeHex('zz'), null);
    assert.deepEqual(decodeHex('ABcd'), Buffer.from([0xab, 0xcd]));
    assert.equal(decodeBase64('a$b='), null);
    assert.deepEqual(decodeBase64('-_8'), Buffer.from([0xfb, 0xff]));
  });

  it('derives HMAC keys per format', () => {
    assert.deepEqual(hmacKey('whsec_AQID', 'whsec'), Buffer.from([1, 2, 3]));
    assert.deepEqual(hmacKey('AQID', 'whsec'), Buffer.from([1, 2, 3]));
    assert.deepEqual(hmacKey('whsec_AQID', 'utf8'), Buffer.from('whsec_AQID'));
    assert.equal(hmacKey('', 'utf8'), null);
    assert.equal(hmacKey('xyz', 'hex'), null);
  });

  it('parses public keys as PEM, DER base64, raw hex/base64 and compressed P-256 points', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = ec.publicKey.export({ format: 'jwk' });
    const raw = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x ?? '', 'base64url'),
      Buffer.from(jwk.y ?? '', 'base64url'),
    ]);
    const yOdd = (Buffer.from(jwk.y ?? '', 'base64url').at(-1) ?? 0) & 1;
    const compressed = Buffer.concat([Buffer.from([2 + yOdd]), Buffer.from(jwk.x ?? '', 'base64url')]);
    for (const text of [
      ec.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      raw.toString('hex'),
      compressed.toString('base64'),
    ]) {
      assert.ok(parsePublicKey(text, 'p256'), text.slice(0, 20));
    }
    assert.equal(parsePublicKey(raw.toString('hex'), 'ed25519'), null);
    assert.equal(parsePublicKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----', 'p256'), null);
  });
});

describe('engine: a scheme declared as data (RSA, both paddings)', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const row = (algorithm: 'rsa-sha256' | 'rsa-pss-sha256'): ProviderSpec => ({
    id: `example_${algorithm}`,
    name: 'Example',
    category: 'test',
    docsUrl: 'https://example.com',
    algorithm,
    signature: { header: 'X-Sig', format: { kind: 'single' }, encoding: 'base64' },
    content: '{timestamp}.{body}',
    timestamp: { from: { header: 'X-Ts' }, unit: 's' },
    tolerance: 60,
  });

  for (const algorithm of ['rsa-sha256', 'rsa-pss-sha256'] as const) {
    it(`${algorithm}: verifies, rejects tampering, and round-trips its signer`, async () => {
      const scheme = defineProvider(row(algorithm));
      const padding = algorithm === 'rsa-pss-sha256' ? { padding: 6, saltLength: 32 } : {};
      const signature = sign('sha256', Buffer.concat([Buffer.from(`${NOW_SECONDS}.`), BODY]), {
        key: rsa.privateKey,
        ...padding,
      });
      const headers = { 'X-Sig': signature.toString('base64'), 'X-Ts': String(NOW_SECONDS) };
      const config = { mode: scheme.id };
      assertOk(await scheme.verify(request(headers), config, [publicKey(pem)], NOW));
      assertFails(
        await scheme.verify(request(headers, Buffer.from('{}')), config, [publicKey(pem)], NOW),
        'RSA signature mismatch',
      );
      const signed = scheme.sign?.(
        BODY,
        config,
        rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        NOW,
        '',
      );
      assert.ok(signed);
      assertOk(await scheme.verify(request(signed.headers, signed.body), config, [publicKey(pem)], NOW));
    });
  }

  it('validates config: tolerance only where a timestamp exists, no unknown fields', () => {
    const scheme = defineProvider(row('rsa-sha256'));
    assert.equal(scheme.config.safeParse({ mode: scheme.id, tolerance: 30 }).success, true);
    assert.equal(scheme.config.safeParse({ mode: scheme.id, tolerance: 0 }).success, false);
    assert.equal(scheme.config.safeParse({ mode: scheme.id, tolerence: 30 }).success, false);
    assert.equal(scheme.config.safeParse({ mode: scheme.id, publicUrl: 'https://x.example' }).success, false);
    assert.equal(scheme.storage, 'public_key');
  });
});
