/**
 * Provider schemes: the catalogue of named provider modes, merged into the registry.
 */
export { PROVIDER_SCHEMES, PROVIDER_SPECS } from './catalogue.ts';
