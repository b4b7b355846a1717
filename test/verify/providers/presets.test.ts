import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HMAC_PRESETS } from '../../../src/verify/providers/presets.ts';
import { hmacScheme } from '../../../src/verify/schemes/hmac.ts';
import { assertOk, check, PUBLIC_URL, request, scheme, signWith } from './helpers.ts';
import { RECIPES } from './recipes.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('Wexio HMAC presets (corrected)', () => {
  it('every preset names a registered catalogue mode', () => {
    for (const [id, preset] of Object.entries(HMAC_PRESETS)) assert.ok(scheme(preset.mode), id);
  });

  for (const [id, preset] of Object.entries(HMAC_PRESETS)) {
    const generic = preset.generic;
    if (generic === undefined) continue;
    it(`${id}: the generic hmac fields verify what the ${preset.mode} mode signs`, async () => {
      const config = hmacScheme.config.parse({ mode: 'hmac', ...generic });
      const signed = signWith(preset.mode, SECRET);
      const result = await hmacScheme.verify(
        request(signed.headers, signed.body),
        config,
        [{ id: 'v1', kind: 'plain', secret: SECRET }],
        new Date(),
      );
      assertOk(result);
    });
  }

  it('the corrected modes accept the documented requests', async () => {
    for (const id of ['bitbucket', 'paystack', 'vercel', 'zendesk', 'hubspot_v3', 'pagerduty', 'linear']) {
      const recipe = RECIPES[id]?.();
      assert.ok(recipe, id);
      const credential = { id: 'v1', ...recipe.credential };
      assertOk(
        await check(id, request(recipe.headers, recipe.body, { publicUrl: recipe.publicUrl ?? PUBLIC_URL }), [
          credential,
        ]),
      );
    }
  });
});
