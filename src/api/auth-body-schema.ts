import { z } from 'zod';
import type { Scheme } from '../verify/internal.ts';
import { SCHEMES } from '../verify/internal.ts';

/** A JSON Schema object as `z.toJSONSchema` returns it (the parts read here). */
interface JsonSchemaObject {
  $schema?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  [keyword: string]: unknown;
}

/** The credential field of a mode's `auth` object: its name, what to put there, and whether it is required. */
export function schemeCredential(scheme: Scheme): {
  name: string;
  description: string;
  required: boolean;
  label: string | null;
} {
  if (scheme.storage === 'public_key') {
    const description = 'The provider public key (hex, base64, PEM or whpk_…)';
    return {
      name: 'publicKey',
      description,
      required: !scheme.generateSecret,
      label: scheme.credentialLabel ?? null,
    };
  }
  const description = scheme.generateSecret
    ? 'Leave empty and hookgate generates a strong secret (recommended).'
    : 'The signing secret from the provider';
  return {
    name: 'secret',
    description,
    required: !scheme.generateSecret,
    label: scheme.credentialLabel ?? null,
  };
}

/**
 * One mode's `auth` object as the admin API takes it, in JSON Schema: the scheme's own zod config (the
 * schema the connection service validates it with) plus the credential field, `secret` or `publicKey`,
 * required when hookgate cannot generate it.
 */
export function authModeJsonSchema(scheme: Scheme): JsonSchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(scheme.config, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchemaObject;
  const credential = schemeCredential(scheme);
  return {
    ...json,
    title: scheme.name,
    properties: {
      ...json.properties,
      [credential.name]: { type: 'string', description: credential.description },
    },
    required: [...(json.required ?? []), ...(credential.required ? [credential.name] : [])],
  };
}

const modeSchemas = {
  oneOf: Object.values(SCHEMES as Readonly<Record<string, Scheme>>).map(authModeJsonSchema),
};

/**
 * The `auth` request field: validated here only for its `mode` (the connection service then validates it
 * with that mode's scheme, for precise messages), documented in OpenAPI as one of every registered mode.
 */
export const authBodySchema = z
  .looseObject({ mode: z.string().min(1) })
  .describe(
    'Auth mode and its fields (GET /api/v1/providers lists them); the credential is optional where hookgate generates it',
  )
  .meta(modeSchemas);

/**
 * The `auth` field of a connection create, where a `template` may supply the mode and its fields: then
 * `auth` carries only what the caller adds (usually `secret`), and `mode` may be left out.
 */
export const createAuthBodySchema = z
  .looseObject({ mode: z.string().min(1).optional() })
  .describe(
    'Auth mode and its fields (GET /api/v1/providers lists them); with `template`, only the fields to add, e.g. { "secret": "…" }',
  )
  .meta(modeSchemas);
