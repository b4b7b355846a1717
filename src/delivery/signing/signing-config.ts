/**
 * The endpoint `signing` schemas and the style lookup, derived from the style registry (signing-styles.ts).
 */
import { z } from 'zod';
import { OUTBOUND_STYLES, type OutboundStyle } from './signing-styles.ts';

export type { SecretScope } from './signing-styles.ts';

type Styles = typeof OUTBOUND_STYLES;
type InputsOf<T extends readonly OutboundStyle[]> = { -readonly [K in keyof T]: T[K]['input'] };
type StoredOf<T extends readonly OutboundStyle[]> = { -readonly [K in keyof T]: T[K]['stored'] };
type InputSchemas = InputsOf<Styles>;
type StoredSchemas = StoredOf<Styles>;

/** `signing` of the admin API (create / update an endpoint); `secret` is write-only. */
export const signingInputSchema = z.discriminatedUnion(
  'style',
  OUTBOUND_STYLES.map((style) => style.input) as unknown as InputSchemas,
);

/** Parsed signing input. */
export type SigningInput = z.output<typeof signingInputSchema>;

/** One signing style. */
export type SigningStyle = SigningInput['style'];

/** The signing styles of an endpoint, in the registry's order. */
export const SIGNING_STYLES = OUTBOUND_STYLES.map((style) => style.id) as readonly SigningStyle[];

/** `signing` as stored and shown: the style's public fields and the resolved scope, never a secret. */
export const storedSigningSchema = z.discriminatedUnion(
  'style',
  OUTBOUND_STYLES.map((style) => style.stored) as unknown as StoredSchemas,
);

/** Stored signing. */
export type StoredSigning = z.output<typeof storedSigningSchema>;

const BY_ID = new Map<string, OutboundStyle>(OUTBOUND_STYLES.map((style) => [style.id, style]));

/**
 * The registry entry of `id`. Typed loosely: the caller holds a value of the union, and the entry's own
 * parameters are checked where the style is written.
 */
export function outboundStyle(id: SigningStyle): OutboundStyle {
  const style = BY_ID.get(id);
  if (style === undefined) throw new Error(`unknown signing style ${id}`);
  return style;
}

/** The stored form of a signing input: the secret dropped, the scope resolved. */
export function toStoredSigning(input: SigningInput): StoredSigning {
  const style = outboundStyle(input.style);
  const [onlyScope] = style.scopes;
  const resolved = style.scopes.length === 1 ? onlyScope : (input as { secretScope: string }).secretScope;
  const fields = input as Readonly<Record<string, unknown>>;
  const stored = Object.keys(style.stored.shape).map((key) => [
    key,
    key === 'secretScope' ? resolved : fields[key],
  ]);
  return Object.fromEntries(stored) as StoredSigning;
}

/** The secret given with a signing input, if any. */
export function inputSecret(input: SigningInput): string | undefined {
  return input.style === 'none' ? undefined : input.secret;
}
