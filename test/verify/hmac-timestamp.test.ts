import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { schemeFields } from '../../src/api/provider-routes.ts';
import {
  authInputSchema,
  type CredentialVersion,
  type HmacConfig,
  hmacScheme,
  prepareAuth,
  type VerifyRequest,
} from '../../src/verify/internal.ts';
import { PROVIDER_SCHEMES } from '../../src/verify/providers/index.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const SECONDS = Math.floor(NOW.getTime() / 1000);
const SECRET = 'generic-hmac-secret-0123456789';
const BODY = Buffer.from('{"id":"evt_1","amount":42}');
const URL_BASE = 'https://hooks.example.com/webhooks/in/con_1?x=1';
const creds: CredentialVersion[] = [{ id: 'v1', kind: 'plain', secret: SECRET }];
const parse = (input: Record<string, unknown>): HmacConfig =>
  hmacScheme.config.parse({ mode: 'hmac', ...input });
const timed = parse({ content: '{timestamp}.{body}', timestampHeader: 'X-Timestamp' });

function request(headers: Record<string, string>, extra: Partial<VerifyRequest> = {}): VerifyRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: 'POST', url: '/webhooks/in/con_1?x=1', headers: lower, body: BODY, ...extra };
}

function sig(content: string): string {
  return createHmac('sha256', SECRET).update(content).digest('hex');
}

async function message(config: HmacConfig, req: VerifyRequest, now = NOW): Promise<string> {
  const result = await hmacScheme.verify(req, config, creds, now);
  return result.ok ? 'ok' : result.message;
}

describe('hmac with a timestamp and a signed-content template', () => {
  it('fills unit s and tolerance 300 when a timestamp is configured', () => {
    assert.deepEqual(timed, {
      mode: 'hmac',
      header: 'x-signature',
      encoding: 'hex',
      algorithm: 'sha256',
      content: '{timestamp}.{body}',
      timestampHeader: 'X-Timestamp',
      timestampUnit: 's',
      tolerance: 300,
    });
  });

  it('verifies `{timestamp}.{body}`, with the usual messages for every timestamp failure', async () => {
    const good = { 'X-Timestamp': String(SECONDS), 'X-Signature': sig(`${SECONDS}.${BODY}`) };
    assert.equal(await message(timed, request(good)), 'ok');
    assert.equal(
      await message(timed, request({ 'X-Signature': good['X-Signature'] })),
      'UNAUTHORIZED: Missing X-Timestamp',
    );
    assert.equal(
      await message(timed, request({ ...good, 'X-Timestamp': 'yesterday' })),
      'UNAUTHORIZED: Invalid timestamp in X-Timestamp',
    );
    const outside = 'UNAUTHORIZED: Signature timestamp outside ±5 min tolerance';
    for (const offset of [-301, 301]) {
      assert.equal(await message(timed, request(good), new Date(NOW.getTime() + offset * 1000)), outside);
    }
    const redated = { ...good, 'X-Timestamp': String(SECONDS + 1) };
    assert.equal(await message(timed, request(redated)), 'UNAUTHORIZED: HMAC signature mismatch');
    const tight = parse({ ...timed, tolerance: 30 });
    const late = new Date(NOW.getTime() + 31_000);
    assert.equal(
      await message(tight, request(good), late),
      'UNAUTHORIZED: Signature timestamp outside ±30 s tolerance',
    );
  });

  it('reads the Slack layout (`v0:{timestamp}:{body}`, prefix v0=) as the slack mode signs it', async () => {
    const slack = PROVIDER_SCHEMES.slack?.sign?.(BODY, { mode: 'slack' }, SECRET, NOW, URL_BASE);
    assert.ok(slack);
    const config = parse({
      header: 'X-Slack-Signature',
      prefix: 'v0=',
      content: 'v0:{timestamp}:{body}',
      timestampHeader: 'X-Slack-Request-Timestamp',
    });
    assert.equal(await message(config, request(slack.headers)), 'ok');
  });

  it('supports ms and ISO-8601 timestamps, method and URL in the template, and signs them', async () => {
    for (const fields of [
      { timestampUnit: 'ms', content: '{timestamp}{body}' },
      { timestampUnit: 'iso', content: '{method} {url} {timestamp}\n{body}' },
    ]) {
      const config = parse({ ...fields, timestampHeader: 'X-When', encoding: 'base64', algorithm: 'sha512' });
      const signed = hmacScheme.sign?.(BODY, config, SECRET, NOW, URL_BASE);
      assert.ok(signed);
      assert.equal(await message(config, request(signed.headers, { publicUrl: URL_BASE })), 'ok');
      if (fields.content.includes('{url}')) {
        assert.match(
          await message(config, request(signed.headers)),
          /^UNAUTHORIZED: Signature needs the connection's public URL/,
        );
      }
    }
  });

  it('signs other headers named in the template, reporting them when missing', async () => {
    const config = parse({ content: '{header:X-Id}.{body}' });
    const signature = sig(`abc.${BODY}`);
    assert.equal(await message(config, request({ 'X-Id': 'abc', 'X-Signature': signature })), 'ok');
    assert.equal(await message(config, request({ 'X-Signature': signature })), 'UNAUTHORIZED: Missing X-Id');
  });

  it('accepts several signatures in the header (rotation), any match passes', async () => {
    const config = parse({});
    const both = `${'00'.repeat(32)}, ${sig(BODY.toString())}`;
    assert.equal(await message(config, request({ 'X-Signature': both })), 'ok');
    const prefixed = parse({ prefix: 'v1,' });
    const svixLike = `v1,${'00'.repeat(32)} v1,${sig(BODY.toString())}`;
    assert.equal(await message(prefixed, request({ 'X-Signature': svixLike })), 'ok');
  });

  it('rejects inconsistent configs, naming the field', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ tolerance: 60 }, /^auth\.tolerance: needs timestampHeader or timestampField/],
      [{ timestampUnit: 'ms' }, /^auth\.timestampUnit: needs timestampHeader/],
      [{ timestampHeader: 'X-T', timestampField: 'ts' }, /^auth\.timestampField: set timestampHeader or/],
      [{ content: '{timestamp}.{body}' }, /^auth\.content: \{timestamp\} needs timestampHeader/],
      [{ content: '{secret}{body}' }, /^auth\.content: may only use \{body\}/],
      [{ content: '{nope}' }, /^auth\.content: has an unknown token/],
      [{ signatureField: 'sig' }, /^auth\.content: cannot include \{body\}/],
      [{ signatureField: 'sig', header: 'X-S', content: '{json:t}' }, /^auth\.header: does not apply/],
      [{ publicUrl: 'https://h.example.com' }, /^auth\.publicUrl: applies only when content uses \{url\}/],
    ];
    for (const [fields, expected] of cases) {
      const prepared = prepareAuth({ mode: 'hmac', ...fields });
      assert.match(prepared.ok ? 'ok' : prepared.message, expected, JSON.stringify(fields));
    }
  });

  it('describes the new fields for GET /api/v1/providers and the OpenAPI auth schema', () => {
    const fields = schemeFields(hmacScheme);
    const names = fields.map((field) => field.name);
    for (const name of ['secret', 'preset', 'header', 'content', 'timestampHeader', 'tolerance']) {
      assert.ok(names.includes(name), name);
    }
    const preset = fields.find((field) => field.name === 'preset');
    assert.match(preset?.type ?? '', /^enum:github\|bitbucket\|.*\|flintn$/);
    assert.ok(fields.every((field) => field.description !== ''));
    assert.equal(authInputSchema.safeParse({ mode: 'hmac', preset: 'zendesk', secret: 's' }).success, true);
    assert.equal(authInputSchema.safeParse({ mode: 'hmac', preset: 'nope' }).success, false);
  });
});
