import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateSecret } from '../../src/secrets/index.ts';
import {
  type CredentialVersion,
  prepareAuth,
  SEED_SCHEMES,
  signWith,
  type VerifyRequest,
  verifyWith,
} from '../../src/verify/internal.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const BODY = Buffer.from('{"event":"order.paid","amount":4200}');
const CONFIGS = [
  { mode: 'shared_secret' },
  { mode: 'api_key' },
  { mode: 'hmac', header: 'X-Hub-Signature-256', prefix: 'sha256=' },
  { mode: 'hmac', encoding: 'base64', algorithm: 'sha512' },
  { mode: 'body_hash' },
] as const;

/** Every failure a seed verifier may produce, with the configured header / field names filled in. */
const ALLOWED = new Set([
  'UNAUTHORIZED: Invalid secret',
  'UNAUTHORIZED: HMAC signature mismatch',
  'UNAUTHORIZED: Connection is missing its signing credential',
  'UNAUTHORIZED: Missing X-Hub-Signature-256',
  'UNAUTHORIZED: Missing x-signature',
  'UNAUTHORIZED: Missing hash',
]);

function lowerHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Every form in which a secret or signature could leak: raw, and HMACs of the body in hex and base64. */
function forbiddenForms(values: readonly string[]): string[] {
  const forms: string[] = [];
  for (const value of values) {
    forms.push(value);
    for (const algorithm of ['sha256', 'sha512']) {
      const digest = createHmac(algorithm, value).update(BODY).digest();
      forms.push(digest.toString('hex'), digest.toString('base64'), digest.toString('hex').slice(0, 16));
    }
  }
  return forms;
}

describe('failure messages never contain a secret or a signature', () => {
  it('for wrong secrets, wrong signatures and missing credentials in every seed mode', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONFIGS),
        fc.stringMatching(/^[A-Za-z0-9]{16,64}$/),
        fc.stringMatching(/^[A-Za-z0-9]{16,64}$/),
        fc.boolean(),
        async (config, stored, presented, withCredential) => {
          fc.pre(stored !== presented);
          const signed = signWith(config.mode, BODY, config, presented, NOW, 'https://gw.example/x');
          const request: VerifyRequest = {
            method: 'POST',
            url: '/webhooks/in/con_1',
            headers: lowerHeaders(signed.headers),
            body: signed.body,
          };
          const credentials: CredentialVersion[] = withCredential
            ? [{ id: 'v1', kind: 'plain', secret: stored }]
            : [];
          const result = await verifyWith(config.mode, request, config, credentials, NOW);
          assert.equal(result.ok, false);
          if (result.ok) return;
          assert.ok(ALLOWED.has(result.message), result.message);
          for (const form of forbiddenForms([stored, presented])) assert.ok(!result.message.includes(form));
          for (const value of Object.values(signed.headers)) {
            if (value.length >= 16) assert.ok(!result.message.includes(value));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('for a missing signature header', async () => {
    for (const config of CONFIGS) {
      const scheme = SEED_SCHEMES[config.mode];
      const secret = generateSecret();
      const request: VerifyRequest = { method: 'POST', url: '/x', headers: {}, body: BODY };
      const result = await scheme.verify(
        request,
        scheme.config.parse(config),
        [{ id: 'v1', kind: 'plain', secret }],
        NOW,
      );
      assert.ok(!result.ok && ALLOWED.has(result.message));
      assert.ok(!JSON.stringify(result).includes(secret));
    }
  });

  it('for rejected credentials in prepareAuth', () => {
    for (const secret of ['has spaces but is otherwise long', 'x'.repeat(80), 'bad-xoxo-key!!']) {
      for (const auth of [{ mode: 'shared_secret' }, { mode: 'api_key', format: 'xoxo' }]) {
        const prepared = prepareAuth({ ...auth, secret });
        assert.equal(prepared.ok, false);
        assert.match(prepared.ok ? '' : prepared.message, /^auth\.secret: /);
        assert.ok(!JSON.stringify(prepared).includes(secret));
      }
    }
  });
});
