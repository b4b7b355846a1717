import type { Scheme } from '../scheme.ts';

/** Provider schemes (issue 4): filled in by the provider catalogue. */
export const PROVIDER_SCHEMES: Readonly<Record<string, Scheme>> = {};
