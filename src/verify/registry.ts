import { PROVIDER_SCHEMES } from './providers/index.ts';
import type { Scheme } from './scheme.ts';
import { apiKeyScheme } from './schemes/api-key.ts';
import { bodyHashScheme } from './schemes/body-hash.ts';
import { hmacScheme } from './schemes/hmac.ts';
import { sharedSecretScheme } from './schemes/shared-secret.ts';

/** Id of a seed mode: the four generic modes every gateway has, without the catalogue. */
export type SeedSchemeId = 'shared_secret' | 'api_key' | 'hmac' | 'body_hash';

/** The seed schemes by id. */
export const SEED_SCHEMES: Readonly<Record<SeedSchemeId, Scheme>> = {
  shared_secret: sharedSecretScheme,
  api_key: apiKeyScheme,
  hmac: hmacScheme,
  body_hash: bodyHashScheme,
};

/** Id of any registered mode: a seed mode or a provider mode from the catalogue. */
export type SchemeId = SeedSchemeId | Extract<keyof typeof PROVIDER_SCHEMES, string>;

/**
 * Every auth mode, looked up by a connection's `auth.mode`. Provider schemes are merged after the seeds,
 * so the catalogue may replace a seed scheme with an extended one under the same id (e.g. `hmac` with
 * presets and timestamps); the seed ids themselves are always present.
 */
export const SCHEMES: Readonly<Record<SchemeId, Scheme>> = { ...SEED_SCHEMES, ...PROVIDER_SCHEMES };

/** The registered mode ids, seeds first. */
export const SCHEME_IDS: readonly SchemeId[] = Object.keys(SCHEMES) as SchemeId[];

/** True when `mode` names a registered scheme (own keys only: `toString` is not a mode). */
export function isSchemeId(mode: unknown): mode is SchemeId {
  return typeof mode === 'string' && Object.hasOwn(SCHEMES, mode);
}

/** The scheme registered under `mode`, or undefined. */
export function findScheme(mode: unknown): Scheme | undefined {
  return isSchemeId(mode) ? SCHEMES[mode] : undefined;
}

/** The field of the `auth` object that carries the credential: `publicKey` for public-key schemes. */
export function credentialField(scheme: Scheme): 'secret' | 'publicKey' {
  return scheme.storage === 'public_key' ? 'publicKey' : 'secret';
}
