import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialVersion } from '../../../src/verify/types.ts';
import { assertFails, assertOk, check, PUBLIC_URL, request } from './helpers.ts';
import { SECRET as RECIPE_SECRET, RECIPES, type Recipe, wrongCredential } from './recipes.ts';

function credentialOf(recipe: Recipe): CredentialVersion {
  return { id: 'v1', ...recipe.credential };
}

function requestOf(recipe: Recipe, headers = recipe.headers) {
  return request(headers, recipe.body, { publicUrl: recipe.publicUrl ?? PUBLIC_URL });
}

/** The same signature bytes written in the other encoding (hex ↔ base64). */
function reencoded(recipe: Recipe): Record<string, string> {
  const where = recipe.signature;
  assert.ok(where);
  const value = recipe.headers[where.header] ?? '';
  const bytes = Buffer.from(value.slice((where.prefix ?? '').length), where.encoding);
  const other = bytes.toString(where.encoding === 'hex' ? 'base64' : 'hex');
  return { ...recipe.headers, [where.header]: `${where.prefix ?? ''}${other}` };
}

describe('catalogue providers against requests built from their documentation', () => {
  for (const [id, make] of Object.entries(RECIPES)) {
    it(`${id}: accepts the documented request`, async () => {
      const recipe = make();
      assertOk(await check(id, requestOf(recipe), [credentialOf(recipe)]));
    });

    it(`${id}: rejects a wrong credential`, async () => {
      const recipe = make();
      const result = await check(id, requestOf(recipe), [{ id: 'v0', ...wrongCredential(id, recipe) }]);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.message, /signature mismatch$|^UNAUTHORIZED: Invalid /);
    });

    const sample = make();
    if (sample.signature !== undefined) {
      it(`${id}: rejects the signature in the wrong encoding`, async () => {
        const recipe = make();
        const result = await check(id, requestOf(recipe, reencoded(recipe)), [credentialOf(recipe)]);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.message, /signature mismatch$/);
      });
    }
  }
});

describe('provider-specific details', () => {
  it('twilio: JSON bodies are authenticated through bodySHA256 in the signed URL', async () => {
    const { createHash, createHmac } = await import('node:crypto');
    const body = Buffer.from('{"CallSid":"CA123","Caller":"+12349013030"}');
    const url = `${PUBLIC_URL}&bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
    const signature = createHmac('sha1', RECIPE_SECRET).update(url).digest('base64');
    const headers = { 'X-Twilio-Signature': signature, 'Content-Type': 'application/json' };
    const credentials: CredentialVersion[] = [{ id: 'v1', kind: 'plain', secret: RECIPE_SECRET }];
    assertOk(await check('twilio', request(headers, body, { publicUrl: url }), credentials));
    const changed = request(headers, Buffer.from('{"CallSid":"CA999"}'), { publicUrl: url });
    assertFails(await check('twilio', changed, credentials), 'Twilio bodySHA256 does not match the body');
    const urlOnly = {
      ...headers,
      'X-Twilio-Signature': createHmac('sha1', RECIPE_SECRET).update(PUBLIC_URL).digest('base64'),
    };
    const unsignedBody = request(urlOnly, body, { publicUrl: PUBLIC_URL });
    assertFails(
      await check('twilio', unsignedBody, credentials),
      'Twilio request has a non-form body but no bodySHA256 in its URL',
    );
  });

  it('twilio: accepts a signature over the URL with its default port', async () => {
    const { createHmac } = await import('node:crypto');
    const withPort = PUBLIC_URL.replace('hooks.example.com', 'hooks.example.com:443');
    const form = Buffer.from('A=1');
    const headers = {
      'X-Twilio-Signature': createHmac('sha1', RECIPE_SECRET).update(`${withPort}A1`).digest('base64'),
      'Content-Type': 'application/x-www-form-urlencoded',
    };
    assertOk(
      await check('twilio', request(headers, form, { publicUrl: PUBLIC_URL }), [
        { id: 'v1', kind: 'plain', secret: RECIPE_SECRET },
      ]),
    );
  });

  it('url-signed schemes need the public URL', async () => {
    const recipe = RECIPES.square?.();
    assert.ok(recipe);
    const result = await check('square', request(recipe.headers), [credentialOf(recipe)]);
    assertFails(
      result,
      "Square signature needs the connection's public URL (auth.publicUrl or HOOKGATE_PUBLIC_URL)",
    );
  });
});
