import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CredentialVersion,
  HMAC_PRESET_IDS,
  type HmacConfig,
  hmacScheme,
  SEED_SCHEMES,
  type VerifyRequest,
  type VerifyResult,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const PUBLIC_URL = 'https://hooks.example.com/webhooks/in/con_1?x=1';
const header = fc.constantFrom('X-Signature', 'X-Sig-256', 'Signature');
const templates = fc.constantFrom(
  '{body}',
  '{timestamp}.{body}',
  'v0:{timestamp}:{body}',
  '{method} {url}\n{body}',
  '{header:X-Request-Id}.{body}',
  '{json:event.id}:{body}',
);

/** Generic hmac inputs: a preset, or fields with an optional timestamp (valid or not: parsing decides). */
const input: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constantFrom(...HMAC_PRESET_IDS).map((preset) => ({ mode: 'hmac', preset })),
  fc.record(
    {
      mode: fc.constant('hmac'),
      header,
      encoding: fc.constantFrom('hex', 'base64'),
      prefix: fc.constantFrom('sha256=', 'v1=', 'v1,'),
      algorithm: fc.constantFrom('sha256', 'sha1', 'sha512'),
      content: templates,
      timestampHeader: fc.constantFrom('X-Timestamp', 'X-When'),
      timestampUnit: fc.constantFrom('s', 'ms', 'iso'),
      tolerance: fc.integer({ min: 1, max: 3600 }),
    },
    { requiredKeys: ['mode'] },
  ),
);

const secret = fc.string({ minLength: 1, maxLength: 40 });
const jsonBody = fc
  .record({ event: fc.record({ id: fc.string({ maxLength: 12 }) }), note: fc.string(), n: fc.integer() })
  .map((value) => Buffer.from(JSON.stringify(value)));

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function wellFormed(result: VerifyResult): void {
  assert.equal(typeof result.ok, 'boolean');
  if (!result.ok) assert.match(result.message, /^UNAUTHORIZED: \S/);
}

describe('generic hmac properties', () => {
  it('whatever config validates, what its signer signs verifies, and a changed body does not', async () => {
    await fc.assert(
      fc.asyncProperty(input, secret, jsonBody, async (raw, key, body) => {
        const parsed = hmacScheme.config.safeParse(raw);
        fc.pre(parsed.success);
        const config = parsed.data as HmacConfig;
        const signed = hmacScheme.sign?.(body, config, key, NOW, PUBLIC_URL);
        assert.ok(signed);
        const headers = lowerCased({ 'X-Request-Id': 'req-1', ...signed.headers });
        const request: VerifyRequest = {
          method: 'POST',
          url: '/webhooks/in/con_1?x=1',
          headers,
          body: signed.body,
          publicUrl: PUBLIC_URL,
        };
        const credentials: CredentialVersion[] = [{ id: 'v1', kind: 'plain', secret: key }];
        const result = await hmacScheme.verify(request, config, credentials, NOW);
        assert.equal(result.ok, true, result.ok ? '' : `${result.message} ${JSON.stringify(config)}`);
        const changed = { ...request, body: Buffer.concat([signed.body, Buffer.from(' ')]) };
        const content = config.content ?? '{body}';
        if (content.includes('{body}') && config.preset !== 'mailgun') {
          assert.equal((await hmacScheme.verify(changed, config, credentials, NOW)).ok, false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random requests and raw stored configs never throw out of the verifier', async () => {
    const value = fc.oneof(fc.string({ maxLength: 90 }), fc.constantFrom('', 'v1=', 'sha256=zz', '1e400'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(input, fc.anything()),
        fc.dictionary(fc.constantFrom('x-signature', 'x-timestamp', 'x-when', 'signature'), value),
        fc.oneof(jsonBody, fc.uint8Array({ maxLength: 200 })),
        async (config, headers, body) => {
          const request: VerifyRequest = { method: 'POST', url: '/x', headers, body };
          const unchecked = SEED_SCHEMES.hmac; // takes an unvalidated stored config, as the gateway does
          wellFormed(await unchecked.verify(request, config, [{ id: 'v', kind: 'plain', secret: 's' }], NOW));
        },
      ),
      { numRuns: 300 },
    );
  });
});
