/**
 * The provider catalogue: every table of provider rows compiled into schemes, plus the few hand-written
 * schemes (Twilio, Mailgun, Adyen, Netlify), keyed by snake_case mode id.
 */
import { defineProvider } from '../engine/define.ts';
import type { ProviderSpec } from '../engine/spec.ts';
import type { Scheme } from '../scheme.ts';
import { ADYEN_SCHEME } from './adyen.ts';
import { ASYMMETRIC_SPECS } from './asymmetric.ts';
import { BODY_HMAC_SPECS } from './body-hmac.ts';
import { CLONE_SPECS, TOKEN_SPECS } from './clones.ts';
import { MAILGUN_SCHEME } from './mailgun.ts';
import { NAMED_SPECS } from './named.ts';
import { NETLIFY_SCHEME } from './netlify.ts';
import { TIMESTAMPED_SPECS } from './timestamped.ts';
import { TWILIO_SCHEME } from './twilio.ts';
import { URL_SIGNED_SPECS } from './url-signed.ts';

/** Every declarative provider row, in catalogue order. */
export const PROVIDER_SPECS: readonly ProviderSpec[] = [
  ...NAMED_SPECS,
  ...BODY_HMAC_SPECS,
  ...TIMESTAMPED_SPECS,
  ...URL_SIGNED_SPECS,
  ...ASYMMETRIC_SPECS,
  ...CLONE_SPECS,
  ...TOKEN_SPECS,
];

/** Schemes written by hand because their content is not one template over one request. */
const CUSTOM_SCHEMES: readonly Scheme[] = [
  TWILIO_SCHEME,
  MAILGUN_SCHEME,
  ADYEN_SCHEME,
  NETLIFY_SCHEME,
] as readonly Scheme[];

function buildCatalogue(
  specs: readonly ProviderSpec[],
  custom: readonly Scheme[],
): Readonly<Record<string, Scheme>> {
  const schemes: Record<string, Scheme> = {};
  for (const scheme of [...specs.map((spec): Scheme => defineProvider(spec)), ...custom]) {
    if (Object.hasOwn(schemes, scheme.id)) throw new Error(`Duplicate provider id ${scheme.id}`);
    schemes[scheme.id] = scheme;
  }
  return Object.freeze(schemes);
}

/** Provider schemes by mode id (`stripe`, `svix`, `hubspot_v3`, …). */
export const PROVIDER_SCHEMES: Readonly<Record<string, Scheme>> = buildCatalogue(
  PROVIDER_SPECS,
  CUSTOM_SCHEMES,
);
