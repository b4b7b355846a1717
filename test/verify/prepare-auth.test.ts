import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { authInputSchema, prepareAuth } from '../../src/verify/internal.ts';

function ok(input: unknown, options?: { generate?: boolean }) {
  const prepared = prepareAuth(input, options);
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.message);
  return prepared;
}

function failure(input: unknown): string {
  const prepared = prepareAuth(input);
  assert.equal(prepared.ok, false);
  return prepared.ok ? '' : prepared.message;
}

describe('prepareAuth', () => {
  it('shared_secret: generates a 64-character secret for bcrypt storage', () => {
    const prepared = ok({ mode: 'shared_secret' });
    assert.equal(prepared.mode, 'shared_secret');
    assert.deepEqual(prepared.config, { mode: 'shared_secret', header: 'x-webhook-secret' });
    assert.equal(prepared.credential?.storage, 'hash');
    assert.equal(prepared.credential?.generated, true);
    assert.match(prepared.credential?.value ?? '', /^[A-Za-z0-9]{64}$/);
  });

  it('api_key with format xoxo: takes the user key, or generates 40 characters', () => {
    const given = ok({ mode: 'api_key', format: 'xoxo', secret: 'a1p2z5b7v68b9112234' });
    assert.deepEqual(given.credential, {
      value: 'a1p2z5b7v68b9112234',
      storage: 'encrypted',
      generated: false,
    });
    assert.deepEqual(given.config, { mode: 'api_key', header: 'x-api-key', format: 'xoxo' });
    assert.match(ok({ mode: 'api_key', format: 'xoxo' }).credential?.value ?? '', /^[A-Za-z0-9]{40}$/);
    assert.match(failure({ mode: 'api_key', format: 'xoxo', secret: 'short' }), /^auth\.secret: .*13–60/);
  });

  it('hmac: keeps the public fields, never the secret', () => {
    const prepared = ok({ mode: 'hmac', header: 'X-Signature-Primary', secret: 'flintn-secret-value' });
    assert.deepEqual(prepared.config, {
      mode: 'hmac',
      header: 'X-Signature-Primary',
      encoding: 'hex',
      algorithm: 'sha256',
    });
    assert.ok(!JSON.stringify(prepared.config).includes('flintn-secret-value'));
    assert.equal(prepared.credential?.generated, false);
  });

  it('body_hash: field default and generation', () => {
    const prepared = ok({ mode: 'body_hash' });
    assert.deepEqual(prepared.config, { mode: 'body_hash', field: 'hash' });
    assert.equal(prepared.credential?.value.length, 64);
  });

  it('generate: false keeps the stored credential (null) when none is given', () => {
    assert.equal(ok({ mode: 'hmac', header: 'X-Sig' }, { generate: false }).credential, null);
    assert.equal(
      ok({ mode: 'hmac', secret: 'abc-0123456789abc' }, { generate: false }).credential?.value,
      'abc-0123456789abc',
    );
  });

  it('names the offending field and never echoes the secret', () => {
    assert.match(
      failure({ mode: 'nope' }),
      /^auth\.mode: unknown mode "nope"; expected one of shared_secret, api_key/,
    );
    assert.match(failure({}), /^auth\.mode: is required/);
    assert.match(failure(null), /^auth: must be an object/);
    assert.match(failure({ mode: 'hmac', encoding: 'base32' }), /^auth\.encoding: /);
    assert.match(
      failure({ mode: 'hmac', header: 'bad header' }),
      /^auth\.header: must be a valid HTTP header name/,
    );
    assert.match(failure({ mode: 'hmac', headr: 'X-Sig' }), /^auth: Unrecognized key: "headr"/);
    assert.match(failure({ mode: 'hmac', secret: 42 }), /^auth\.secret: must be a string/);
    assert.match(failure({ mode: 'hmac', secret: '' }), /^auth\.secret: must not be empty/);
    const secret = 'x y z secret with spaces';
    const message = failure({ mode: 'shared_secret', secret });
    assert.match(message, /^auth\.secret: must contain only visible ASCII/);
    assert.ok(!message.includes(secret));
  });
});

describe('authInputSchema', () => {
  it('accepts every seed mode with an optional secret and rejects unknown modes and fields', () => {
    for (const auth of [
      { mode: 'shared_secret' },
      { mode: 'shared_secret', header: 'X-Token', secret: 's'.repeat(20) },
      { mode: 'api_key', format: 'xoxo' },
      {
        mode: 'hmac',
        header: 'X-Hub-Signature-256',
        prefix: 'sha256=',
        encoding: 'hex',
        algorithm: 'sha256',
      },
      { mode: 'body_hash', field: 'hash', secret: 'x' },
    ]) {
      assert.equal(authInputSchema.safeParse(auth).success, true, JSON.stringify(auth));
    }
    assert.equal(authInputSchema.safeParse({ mode: 'nope' }).success, false);
    assert.equal(authInputSchema.safeParse({ mode: 'hmac', encoding: 'base32' }).success, false);
    assert.equal(authInputSchema.safeParse({ mode: 'hmac', bogus: 1 }).success, false);
  });

  it('converts to JSON Schema for OpenAPI', () => {
    const schema = z.toJSONSchema(authInputSchema, { io: 'input', unrepresentable: 'any' }) as {
      oneOf?: { properties: Record<string, { const?: string }> }[];
    };
    const modes = (schema.oneOf ?? []).map((option) => option.properties.mode?.const);
    for (const mode of ['shared_secret', 'api_key', 'hmac', 'body_hash'])
      assert.ok(modes.includes(mode), mode);
    const hmacOption = (schema.oneOf ?? []).find((option) => option.properties.mode?.const === 'hmac');
    assert.ok(hmacOption?.properties.secret);
  });
});
