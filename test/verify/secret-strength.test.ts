import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareAuth } from '../../src/verify/internal.ts';

/** The validation message for `auth`, or null when it is accepted. */
function problem(auth: Record<string, unknown>): string | null {
  const prepared = prepareAuth(auth);
  return prepared.ok ? null : prepared.message;
}

const sixteen = 'A1b2C3d4E5f6G7h8';
const fifteen = sixteen.slice(0, 15);

describe('one minimum length for secrets the user supplies', () => {
  const modes: Record<string, unknown>[] = [
    { mode: 'shared_secret' },
    { mode: 'api_key' },
    { mode: 'hmac' },
    { mode: 'hmac', preset: 'flintn' },
    { mode: 'body_hash' },
    { mode: 'github' },
    { mode: 'slack' },
    { mode: 'stripe' },
  ];
  for (const auth of modes) {
    const name = `${String(auth.mode)}${auth.preset ? ` (${String(auth.preset)})` : ''}`;
    it(`${name}: 16 characters pass, 15 are refused with a message naming the field`, () => {
      assert.equal(problem({ ...auth, secret: sixteen }), null);
      assert.match(problem({ ...auth, secret: fifteen }) ?? '', /^auth\.secret: .*16/);
      assert.match(problem({ ...auth, secret: 'x' }) ?? '', /^auth\.secret: /);
    });
  }

  it('a provider that documents a shorter format keeps it (Twitch: 10 characters)', () => {
    assert.equal(problem({ mode: 'twitch', secret: 'abcdefghij' }), null);
    assert.match(
      problem({ mode: 'twitch', secret: 'abcdefghi' }) ?? '',
      /^auth\.secret: Twitch needs a secret of at least 10/,
    );
  });

  it('the Xoxo key format (13–60 alphanumeric) is the provider’s own and stays', () => {
    assert.equal(problem({ mode: 'api_key', format: 'xoxo', secret: 'a1p2z5b7v68b9' }), null);
  });

  it('generated secrets meet the rule', () => {
    for (const mode of ['shared_secret', 'api_key', 'hmac', 'body_hash']) {
      const prepared = prepareAuth({ mode });
      assert.ok(prepared.ok);
      assert.ok((prepared.credential?.value.length ?? 0) >= 16, mode);
    }
  });
});
