import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PROVIDER_SCHEMES } from '../../../src/verify/providers/index.ts';
import type { CredentialVersion, VerifyRequest, VerifyResult } from '../../../src/verify/types.ts';
import { NOW, PUBLIC_URL } from './helpers.ts';

const IDS = Object.keys(PROVIDER_SCHEMES);

/** Header names every scheme reads, so random values hit the parsers rather than only "missing". */
const HEADER_NAMES = [
  ...new Set(
    Object.values(PROVIDER_SCHEMES).flatMap((s) => [...(s.credentialHeaders?.({}) ?? []), 'content-type']),
  ),
  'svix-id',
  'svix-timestamp',
  'webhook-id',
  'webhook-timestamp',
  'x-slack-request-timestamp',
  'revolut-request-timestamp',
];

const headerValue = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.stringMatching(/^t=\d{1,12},v1=[0-9a-f]{0,64}$/),
  fc.stringMatching(/^(v1,[A-Za-z0-9+/=]{0,44} ?){1,3}$/),
  fc.stringMatching(/^ts=\d{1,12};h1=[0-9a-f]{0,64}$/),
  fc.constantFrom('', ' ', '=', ',', ';', 'v1=', 't=,v1=', 'sha256=', '\u0000', '1e400', '-1', 'NaN'),
);

const credential: fc.Arbitrary<CredentialVersion> = fc.oneof(
  fc.record({
    id: fc.constant('p'),
    kind: fc.constant('plain' as const),
    secret: fc.string({ maxLength: 80 }),
  }),
  fc.record({
    id: fc.constant('k'),
    kind: fc.constant('public_key' as const),
    publicKey: fc.string({ maxLength: 120 }),
  }),
  fc.boolean().map((answer) => ({ id: 'h', kind: 'hashed' as const, matches: async () => answer })),
);

const requestArb: fc.Arbitrary<VerifyRequest> = fc.record({
  method: fc.constantFrom('POST', 'GET', 'put'),
  url: fc.constantFrom('/webhooks/in/con_1', '/webhooks/in/con_1?challenge=abc', '/x?bodySHA256=00'),
  headers: fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 8 }),
  body: fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.json().map((text) => Buffer.from(text)),
    fc.constant(Buffer.from('{"type":"url_verification","challenge":"c","event":"endpoint.url_validation"}')),
  ),
  publicUrl: fc.constantFrom(PUBLIC_URL, 'not a url', ''),
});

function wellFormed(result: VerifyResult): void {
  assert.equal(typeof result.ok, 'boolean');
  if (!result.ok) assert.match(result.message, /^UNAUTHORIZED: \S/);
}

describe('every provider scheme, fuzzed', () => {
  it('returns a result for random requests, credentials, configs and clocks, never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IDS),
        requestArb,
        fc.array(credential, { maxLength: 3 }),
        fc.option(fc.integer({ min: -10, max: 10_000_000 }), { nil: undefined }),
        fc.date({ noInvalidDate: true }),
        async (id, request, credentials, tolerance, now) => {
          const scheme = PROVIDER_SCHEMES[id];
          assert.ok(scheme);
          const config = tolerance === undefined ? { mode: id } : { mode: id, tolerance };
          wellFormed(await scheme.verify(request, config, credentials, now));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never echoes a secret in a failure message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IDS),
        requestArb,
        fc.string({ minLength: 16, maxLength: 40 }),
        async (id, request, secret) => {
          const scheme = PROVIDER_SCHEMES[id];
          assert.ok(scheme);
          const result = await scheme.verify(
            request,
            { mode: id },
            [{ id: 'p', kind: 'plain', secret }],
            NOW,
          );
          if (!result.ok) assert.ok(!result.message.includes(secret));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('every provider signer, round-tripped with random inputs', () => {
  const ed = generateKeyPairSync('ed25519');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyFor = (id: string) => (id === 'sendgrid' ? ec : ed);
  const asymmetric = new Set(['discord', 'sendgrid', 'standard_webhooks_v1a']);
  const ids = IDS.filter((id) => id !== 'adyen');
  const objectBody = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), {
    maxKeys: 5,
  });

  it('what a scheme signs, the same scheme verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ids),
        objectBody,
        fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
        fc.uint8Array({ minLength: 1, maxLength: 48 }),
        async (id, fields, text, bytes) => {
          const scheme = PROVIDER_SCHEMES[id];
          assert.ok(scheme?.sign);
          const body = Buffer.from(
            id === 'mandrill'
              ? new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, JSON.stringify(v)])).toString()
              : JSON.stringify(fields),
          );
          const usesWhsec = ['svix', 'standard_webhooks', 'clerk', 'resend', 'openai', 'replicate'].includes(
            id,
          );
          const secret = asymmetric.has(id)
            ? keyFor(id).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
            : usesWhsec
              ? `whsec_${Buffer.from(bytes).toString('base64')}`
              : text;
          const credential: CredentialVersion = asymmetric.has(id)
            ? {
                id: 'k',
                kind: 'public_key',
                publicKey: keyFor(id).publicKey.export({ format: 'pem', type: 'spki' }).toString(),
              }
            : { id: 'p', kind: 'plain', secret };
          const signed = scheme.sign(body, { mode: id }, secret, NOW, PUBLIC_URL);
          const request: VerifyRequest = {
            method: 'POST',
            url: '/webhooks/in/con_1',
            headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
            body: signed.body,
            publicUrl: signed.url ?? PUBLIC_URL,
          };
          const result = await scheme.verify(request, { mode: id }, [credential], NOW);
          assert.equal(result.ok, true, `${id}: ${result.ok ? '' : result.message}`);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
