/**
 * A spec compiled once for the engine's hot path: its template parsed, and everything the verifier would
 * otherwise recompute per request (which credential kinds it can use, which request parts the template reads).
 */
import type { CredentialVersion } from '../types.ts';
import { isAsymmetric } from './algorithms.ts';
import type { ProviderSpec } from './spec.ts';
import { parseTemplate, type TemplatePart, templateUses } from './template.ts';

/** What a template reads from the request, computed once. */
export interface TemplateNeeds {
  readonly id: boolean;
  readonly url: boolean;
  readonly form: boolean;
  /** Whether `{json:<path>}` parts read the body. */
  readonly json: boolean;
  /** Whether the content includes the secret (`{secret}`: HubSpot v1/v2), so it is rendered per credential. */
  readonly secret: boolean;
  /** Header names of `{header:<name>}` parts. */
  readonly headers: readonly string[];
}

/** A spec with its template parsed and its needs precomputed. */
export interface CompiledSpec {
  readonly spec: ProviderSpec;
  readonly parts: readonly TemplatePart[];
  /** Credential kinds the spec can verify with. */
  readonly kinds: ReadonlySet<CredentialVersion['kind']>;
  readonly needs: TemplateNeeds;
  /** The content is the raw body alone (`{body}`): hashed as it is, no template rendered per request. */
  readonly bodyOnly: boolean;
}

function credentialKinds(spec: ProviderSpec): ReadonlySet<CredentialVersion['kind']> {
  if (spec.algorithm === 'token') return new Set(['plain', 'hashed']);
  return new Set([isAsymmetric(spec.algorithm) ? 'public_key' : 'plain']);
}

/** Parses a spec's template; throws on a malformed template (at module load). */
export function compileSpec(spec: ProviderSpec): CompiledSpec {
  const parts = parseTemplate(spec.content);
  return {
    spec,
    parts,
    kinds: credentialKinds(spec),
    needs: {
      id: templateUses(parts, 'id'),
      url: templateUses(parts, 'url'),
      form: templateUses(parts, 'form'),
      json: templateUses(parts, 'json'),
      secret: templateUses(parts, 'secret'),
      headers: parts.flatMap((part) => (part.kind === 'header' ? [part.name] : [])),
    },
    bodyOnly: parts.length === 1 && parts[0]?.kind === 'body',
  };
}
