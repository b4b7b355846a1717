import { z } from 'zod';
import { headerNameSchema } from '../../verify/schemes/scheme-helpers.ts';

/** The signing styles of an endpoint. */
export const SIGNING_STYLES = [
  'hookgate',
  'standard_webhooks',
  'hmac_header',
  'api_key',
  'body_hash',
  'bearer',
  'basic',
  'none',
] as const;

/** One signing style. */
export type SigningStyle = (typeof SIGNING_STYLES)[number];

/** Whose credential signs: the application's secret, the endpoint's own, or nobody's. */
export type SecretScope = 'application' | 'endpoint' | 'none';

const scope = z
  .enum(['application', 'endpoint'])
  .default('application')
  .describe('application: sign with the application secret; endpoint: this endpoint has its own secret');
const secret = z
  .string()
  .min(1)
  .max(1024)
  .optional()
  .describe('The endpoint credential; generated (and shown once) when absent');
const basicUser = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (name) => !name.includes(':') && !/\p{Cc}/u.test(name),
    'must not contain ":" or control characters',
  );

/** `signing` of the admin API (create / update an endpoint); `secret` is write-only. */
export const signingInputSchema = z.discriminatedUnion('style', [
  z.strictObject({ style: z.literal('hookgate'), secretScope: scope, secret }),
  z.strictObject({ style: z.literal('standard_webhooks'), secretScope: scope, secret }),
  z.strictObject({
    style: z.literal('hmac_header'),
    header: headerNameSchema.default('X-Signature-Primary'),
    secretScope: scope,
    secret,
  }),
  z.strictObject({
    style: z.literal('body_hash'),
    field: z.string().min(1).max(128).default('hash'),
    secretScope: scope,
    secret,
  }),
  z.strictObject({ style: z.literal('api_key'), header: headerNameSchema.default('x-api-key'), secret }),
  z.strictObject({ style: z.literal('bearer'), secret }),
  z.strictObject({ style: z.literal('basic'), username: basicUser, secret }),
  z.strictObject({ style: z.literal('none') }),
]);

/** Parsed signing input. */
export type SigningInput = z.output<typeof signingInputSchema>;

const endpointScope = z.literal('endpoint');

/** `signing` as stored and shown: the style's public fields and the resolved scope, never a secret. */
export const storedSigningSchema = z.discriminatedUnion('style', [
  z.object({ style: z.literal('hookgate'), secretScope: z.enum(['application', 'endpoint']) }),
  z.object({ style: z.literal('standard_webhooks'), secretScope: z.enum(['application', 'endpoint']) }),
  z.object({
    style: z.literal('hmac_header'),
    header: z.string(),
    secretScope: z.enum(['application', 'endpoint']),
  }),
  z.object({
    style: z.literal('body_hash'),
    field: z.string(),
    secretScope: z.enum(['application', 'endpoint']),
  }),
  z.object({ style: z.literal('api_key'), header: z.string(), secretScope: endpointScope }),
  z.object({ style: z.literal('bearer'), secretScope: endpointScope }),
  z.object({ style: z.literal('basic'), username: z.string(), secretScope: endpointScope }),
  z.object({ style: z.literal('none'), secretScope: z.literal('none') }),
]);

/** Stored signing. */
export type StoredSigning = z.output<typeof storedSigningSchema>;

/** The stored form of a signing input: the secret dropped, the scope resolved. */
export function toStoredSigning(input: SigningInput): StoredSigning {
  switch (input.style) {
    case 'hookgate':
    case 'standard_webhooks':
      return { style: input.style, secretScope: input.secretScope };
    case 'hmac_header':
      return { style: input.style, header: input.header, secretScope: input.secretScope };
    case 'body_hash':
      return { style: input.style, field: input.field, secretScope: input.secretScope };
    case 'api_key':
      return { style: input.style, header: input.header, secretScope: 'endpoint' };
    case 'bearer':
      return { style: input.style, secretScope: 'endpoint' };
    case 'basic':
      return { style: input.style, username: input.username, secretScope: 'endpoint' };
    case 'none':
      return { style: 'none', secretScope: 'none' };
  }
}

/** The secret given with a signing input, if any. */
export function inputSecret(input: SigningInput): string | undefined {
  return input.style === 'none' ? undefined : input.secret;
}
