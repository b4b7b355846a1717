import { z } from 'zod';
import { credentialField, SCHEMES } from './registry.ts';
import type { Scheme } from './scheme.ts';

function inputSchemaOf(mode: string, scheme: Scheme): z.ZodObject {
  const credential = z.string().min(1).max(4096).optional();
  const field = credentialField(scheme);
  if (scheme.config instanceof z.ZodObject) return scheme.config.extend({ [field]: credential });
  // A config parsed then filled (generic `hmac`: preset, then defaults): describe its input object.
  if (scheme.config instanceof z.ZodPipe && scheme.config.def.in instanceof z.ZodObject) {
    return scheme.config.def.in.extend({ [field]: credential });
  }
  // A scheme whose config is not a plain object schema: describe the discriminator and the credential only;
  // prepareAuth still validates the rest with the scheme's own schema.
  return z.looseObject({ mode: z.literal(mode), [field]: credential });
}

function buildAuthInputSchema() {
  const [first, ...rest] = Object.entries(SCHEMES).map(([mode, scheme]) => inputSchemaOf(mode, scheme));
  if (first === undefined) throw new Error('no auth schemes registered');
  return z.discriminatedUnion('mode', [first, ...rest]);
}

/**
 * Zod schema of the `auth` object of admin requests (create, patch) — a union over the registered modes,
 * each with `mode`, its own fields and the optional credential (`secret`, or `publicKey`). Used for
 * request validation and to generate the OpenAPI document; `prepareAuth` does the full validation.
 */
export const authInputSchema = buildAuthInputSchema();

/** The `auth` object as accepted by the admin API (input side: defaults not yet applied). */
export type AuthInput = z.input<typeof authInputSchema>;
