import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareAuth } from '../../../src/verify/prepare-auth.ts';
import { HMAC_PRESET_IDS, HMAC_PRESETS } from '../../../src/verify/providers/presets.ts';
import { type HmacConfig, hmacScheme } from '../../../src/verify/schemes/hmac.ts';
import type { VerifyRequest } from '../../../src/verify/types.ts';
import {
  assertFails,
  assertOk,
  at,
  BODY,
  fromSigned,
  NOW,
  NOW_SECONDS,
  PUBLIC_URL,
  plain,
  request,
  scheme,
  signWith,
} from './helpers.ts';
import { RECIPES } from './recipes.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MAILGUN_BODY = Buffer.from(
  `{"signature":{"timestamp":"${NOW_SECONDS}","token":"tok_1"},"event-data":{"id":"ev_1","event":"delivered"}}`,
);

/** What `{ mode: 'hmac', preset }` stores, through the same path as the admin API. */
function presetConfig(id: string): HmacConfig {
  const prepared = prepareAuth({ mode: 'hmac', preset: id, secret: SECRET });
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.message);
  assert.equal(prepared.credential?.value, SECRET);
  return prepared.config as unknown as HmacConfig;
}

const verifyHmac = (config: HmacConfig, req: VerifyRequest, now = NOW) =>
  hmacScheme.verify(req, config, [plain(SECRET)], now);

describe('Wexio HMAC presets (corrected) in generic hmac', () => {
  it('every preset names a registered catalogue mode, under its provider name', () => {
    for (const [id, preset] of Object.entries(HMAC_PRESETS)) {
      assert.equal(scheme(preset.mode).name, preset.name, id);
    }
    assert.equal(HMAC_PRESET_IDS.length, 13, 'the 12 Wexio rows and Flintn');
  });

  for (const id of HMAC_PRESET_IDS) {
    const mode = HMAC_PRESETS[id].mode;
    const body = id === 'mailgun' ? MAILGUN_BODY : BODY;

    it(`${id}: stores the filled fields, stable when parsed again`, () => {
      const config = presetConfig(id);
      assert.equal(config.preset, id);
      for (const [field, value] of Object.entries(HMAC_PRESETS[id].generic)) {
        assert.equal(config[field as keyof HmacConfig], value, `${id}.${field}`);
      }
      assert.deepEqual(hmacScheme.config.parse(config), config);
      assert.ok(!JSON.stringify(config).includes(SECRET));
    });

    it(`${id}: accepts what the ${mode} mode signs, with the same idempotency key`, async () => {
      const signed = signWith(mode, SECRET, NOW, body);
      const req = fromSigned(signed, { publicUrl: signed.url ?? PUBLIC_URL });
      const exact = await scheme(mode).verify(req, { mode }, [plain(SECRET)], NOW);
      const generic = await verifyHmac(presetConfig(id), req);
      assertOk(generic);
      assert.deepEqual(generic, exact);
    });

    it(`${id}: signs what the ${mode} mode accepts, and rejects another secret`, async () => {
      const signed = hmacScheme.sign?.(body, presetConfig(id), SECRET, NOW, PUBLIC_URL);
      assert.ok(signed);
      const req = fromSigned(signed, { publicUrl: PUBLIC_URL });
      assertOk(await scheme(mode).verify(req, { mode }, [plain(SECRET)], NOW));
      const other = await hmacScheme.verify(req, presetConfig(id), [plain(`${SECRET}x`)], NOW);
      assert.equal(other.ok, false);
    });
  }

  it('accepts the documented requests of the corrected rows', async () => {
    for (const id of ['bitbucket', 'paystack', 'vercel', 'zendesk', 'hubspot_v3', 'pagerduty', 'linear']) {
      const recipe = RECIPES[id]?.();
      assert.ok(recipe, id);
      const req = request(recipe.headers, recipe.body, { publicUrl: recipe.publicUrl ?? PUBLIC_URL });
      assertOk(await verifyHmac(presetConfig(id), req));
    }
  });

  it('windows the timestamped presets both ways, naming the provider', async () => {
    for (const [id, seconds, message] of [
      ['zendesk', 300, 'Zendesk signature timestamp outside ±5 min tolerance'],
      ['hubspot_v3', 300, 'HubSpot signature timestamp outside ±5 min tolerance'],
      ['linear', 60, 'Linear signature timestamp outside ±1 min tolerance'],
    ] as const) {
      const config = presetConfig(id);
      for (const offset of [-(seconds + 2), seconds + 2]) {
        const signed = hmacScheme.sign?.(BODY, config, SECRET, at(offset), PUBLIC_URL);
        assert.ok(signed);
        assertFails(await verifyHmac(config, fromSigned(signed, { publicUrl: PUBLIC_URL })), message);
      }
      const fresh = hmacScheme.sign?.(BODY, config, SECRET, at(seconds - 1), PUBLIC_URL);
      assert.ok(fresh);
      assertOk(await verifyHmac(config, fromSigned(fresh, { publicUrl: PUBLIC_URL })));
    }
  });

  it('accepts any of several PagerDuty v1= values during a rotation', async () => {
    const good = signWith('pagerduty', SECRET).headers['X-PagerDuty-Signature'] ?? '';
    const rotated = `v1=${'ab'.repeat(32)}, ${good}`;
    assertOk(await verifyHmac(presetConfig('pagerduty'), request({ 'X-PagerDuty-Signature': rotated })));
    const none = `v1=${'ab'.repeat(32)},v1=${'cd'.repeat(32)}`;
    assertFails(
      await verifyHmac(presetConfig('pagerduty'), request({ 'X-PagerDuty-Signature': none })),
      'HMAC signature mismatch',
    );
  });

  it('lets explicit fields override a preset, and refuses overrides of the netlify JWS', () => {
    const custom = prepareAuth({ mode: 'hmac', preset: 'github', header: 'X-Sig' });
    assert.ok(custom.ok);
    assert.equal(custom.config.header, 'X-Sig');
    assert.equal(custom.config.prefix, 'sha256=');
    const netlify = prepareAuth({ mode: 'hmac', preset: 'netlify', encoding: 'hex' });
    assert.equal(netlify.ok, false);
    assert.match(netlify.ok ? '' : netlify.message, /^auth\.encoding: does not apply to the netlify preset/);
    const unknown = prepareAuth({ mode: 'hmac', preset: 'nope' });
    assert.match(unknown.ok ? '' : unknown.message, /^auth\.preset: /);
  });
});
