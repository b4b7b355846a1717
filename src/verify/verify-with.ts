import { findScheme } from './registry.ts';
import type { SignedRequest } from './scheme.ts';
import { type CredentialVersion, unauthorized, type VerifyRequest, type VerifyResult } from './types.ts';

/** Message when a connection's stored auth cannot be used (unknown mode, invalid stored config). */
export const MISCONFIGURED_MESSAGE = 'Connection auth configuration is invalid';

/**
 * Verifies `request` with the scheme registered under `mode`. The stored `config` is parsed with the
 * scheme's schema first (applying defaults), so an unknown mode or a config that no longer validates
 * becomes a failure result instead of an exception. Never throws, never rejects.
 */
export async function verifyWith(
  mode: string,
  request: VerifyRequest,
  config: unknown,
  credentials: readonly CredentialVersion[],
  now: Date,
): Promise<VerifyResult> {
  const scheme = findScheme(mode);
  if (scheme === undefined) return unauthorized(MISCONFIGURED_MESSAGE);
  try {
    const parsed = scheme.config.safeParse(config);
    if (!parsed.success) return unauthorized(MISCONFIGURED_MESSAGE);
    return await scheme.verify(request, parsed.data, credentials, now);
  } catch {
    return unauthorized(MISCONFIGURED_MESSAGE);
  }
}

/**
 * Signs a test request as a partner of `mode` would (CLI `hookgate send`, tests). `config` may be partial
 * (defaults are applied), e.g. `{ mode: 'hmac', header: 'X-Hub-Signature-256', prefix: 'sha256=' }`.
 * @throws Error for an unknown mode, a mode that cannot sign, or an invalid config.
 */
export function signWith(
  mode: string,
  body: Uint8Array,
  config: unknown,
  secret: string,
  now: Date,
  url: string,
): SignedRequest {
  const scheme = findScheme(mode);
  if (scheme === undefined) throw new Error(`unknown auth mode "${mode.slice(0, 64)}"`);
  if (scheme.sign === undefined) throw new Error(`auth mode ${mode} cannot sign test requests`);
  const withMode = typeof config === 'object' && config !== null ? { ...config, mode } : { mode };
  const parsed = scheme.config.safeParse(withMode);
  if (!parsed.success) {
    throw new Error(
      `invalid auth config for ${mode}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return scheme.sign(body, parsed.data, secret, now, url);
}
