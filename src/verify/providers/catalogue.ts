/**
 * The provider catalogue: every table of provider rows compiled into schemes, keyed by snake_case mode id.
 */
import { defineProvider } from '../engine/define.ts';
import type { ProviderSpec } from '../engine/spec.ts';
import type { Scheme } from '../scheme.ts';
import { NAMED_SPECS } from './named.ts';

/** Every provider row, in catalogue order. */
export const PROVIDER_SPECS: readonly ProviderSpec[] = [...NAMED_SPECS];

function buildCatalogue(specs: readonly ProviderSpec[]): Readonly<Record<string, Scheme>> {
  const schemes: Record<string, Scheme> = {};
  for (const spec of specs) {
    if (Object.hasOwn(schemes, spec.id)) throw new Error(`Duplicate provider id ${spec.id}`);
    schemes[spec.id] = defineProvider(spec) as Scheme;
  }
  return Object.freeze(schemes);
}

/** Provider schemes by mode id (`stripe`, `svix`, `hubspot_v3`, …). */
export const PROVIDER_SCHEMES: Readonly<Record<string, Scheme>> = buildCatalogue(PROVIDER_SPECS);
