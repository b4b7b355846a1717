import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CredentialVersion,
  type Scheme,
  SEED_SCHEMES,
  type VerifyRequest,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const headerName = fc.stringMatching(/^[A-Za-z0-9-]{1,24}$/);

const configFor: Record<keyof typeof SEED_SCHEMES, fc.Arbitrary<Record<string, unknown>>> = {
  shared_secret: fc.record(
    { mode: fc.constant('shared_secret'), header: headerName },
    { requiredKeys: ['mode'] },
  ),
  api_key: fc.record(
    { mode: fc.constant('api_key'), header: headerName, format: fc.constant('xoxo') },
    { requiredKeys: ['mode'] },
  ),
  hmac: fc.record(
    {
      mode: fc.constant('hmac'),
      header: headerName,
      encoding: fc.constantFrom('hex', 'base64'),
      prefix: fc.constantFrom('sha256=', 'v1=', 'x'),
      algorithm: fc.constantFrom('sha256', 'sha1', 'sha512'),
    },
    { requiredKeys: ['mode'] },
  ),
  body_hash: fc.record(
    { mode: fc.constant('body_hash'), field: fc.constantFrom('hash', 'sig', '__proto__', 'a') },
    { requiredKeys: ['mode'] },
  ),
};

const headerValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^(sha256=|v1=)?[0-9a-fA-F]{40,128}$/),
  fc.stringMatching(/^[A-Za-z0-9+/=_-]{20,90}$/),
  fc.constant('x'.repeat(70_000)),
);

const credential: fc.Arbitrary<CredentialVersion> = fc.oneof(
  fc.record({ id: fc.string(), kind: fc.constant('plain' as const), secret: fc.string() }),
  fc.boolean().map((answer) => ({ id: 'h', kind: 'hashed' as const, matches: async () => answer })),
  fc.constant({ id: 't', kind: 'hashed' as const, matches: () => Promise.reject(new Error('boom')) }),
  fc.constant({ id: 'p', kind: 'public_key' as const, publicKey: 'pk' }),
);

const jsonBody = fc
  .tuple(
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.constantFrom('hash', 'sig'),
    fc.string(),
    fc.boolean(),
  )
  .map(([object, field, hash, pretty]) => JSON.stringify({ ...object, [field]: hash }, null, pretty ? 2 : 0));

const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  jsonBody.map((text) => Buffer.from(text)),
  fc.json().map((text) => Buffer.from(text)),
  fc
    .integer({ min: 1, max: 200_000 })
    .map((depth) => Buffer.from(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
  fc.constant(Buffer.from('{"hash":"\ud800"}', 'utf16le')),
);

function request(
  configHeader: unknown,
  extra: Record<string, string | undefined>,
  value: string,
  raw: Uint8Array,
) {
  const headers: Record<string, string | undefined> = { ...extra };
  if (typeof configHeader === 'string') headers[configHeader.toLowerCase()] = value;
  const req: VerifyRequest = { method: 'POST', url: '/x', headers, body: raw };
  return req;
}

async function expectResult(scheme: Scheme, req: VerifyRequest, config: unknown, creds: CredentialVersion[]) {
  const result = await scheme.verify(req, config, creds, NOW);
  assert.equal(typeof result.ok, 'boolean');
  if (!result.ok) {
    assert.equal(result.code, 'UNAUTHORIZED');
    assert.match(result.message, /^UNAUTHORIZED: /);
  }
}

describe('seed verifiers never throw', () => {
  for (const [mode, scheme] of Object.entries(SEED_SCHEMES)) {
    it(`${mode}: random requests, configs and credentials give a result`, async () => {
      const arbitrary = fc.tuple(
        configFor[mode as keyof typeof SEED_SCHEMES],
        fc.dictionary(fc.string(), fc.option(fc.string(), { nil: undefined })),
        headerValue,
        body,
        fc.array(credential, { maxLength: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([input, extra, value, raw, creds]) => {
          const config = scheme.config.parse(input);
          await expectResult(scheme, request(input.header, extra, value, raw), config, creds);
        }),
        { numRuns: 300 },
      );
    });

    it(`${mode}: garbage configs (bypassing validation) give a result`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.anything(),
          body,
          fc.array(credential, { maxLength: 2 }),
          async (config, raw, creds) => {
            await expectResult(scheme, request('x-signature', {}, 'ab', raw), config, creds);
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});
