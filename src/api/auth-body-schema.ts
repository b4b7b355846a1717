import { z } from 'zod';
import { SCHEMES } from '../verify/index.ts';
import type { Scheme } from '../verify/scheme.ts';

/** A JSON Schema object as `z.toJSONSchema` returns it (the parts read here). */
interface JsonSchemaObject {
  $schema?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  [keyword: string]: unknown;
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
  const publicKey = scheme.storage === 'public_key';
  const credential = publicKey ? 'publicKey' : 'secret';
  const description = publicKey
    ? 'The provider public key (hex, base64, PEM or whpk_…)'
    : scheme.generateSecret
      ? 'Optional: hookgate generates one when absent (returned once)'
      : 'The signing secret from the provider';
  return {
    ...json,
    title: scheme.name,
    properties: { ...json.properties, [credential]: { type: 'string', description } },
    required: [...(json.required ?? []), ...(scheme.generateSecret ? [] : [credential])],
  };
}

/**
 * The `auth` request field: validated here only for its `mode` (the connection service then validates it
 * with that mode's scheme, for precise messages), documented in OpenAPI as one of every registered mode.
 */
export const authBodySchema = z
  .looseObject({ mode: z.string().min(1) })
  .describe(
    'Auth mode and its fields (GET /api/v1/providers lists them); the credential is optional where hookgate generates it',
  )
  .meta({ oneOf: Object.values(SCHEMES as Readonly<Record<string, Scheme>>).map(authModeJsonSchema) });
