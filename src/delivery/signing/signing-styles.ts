/**
 * The outbound signing styles as data, the counterpart of the inbound `Scheme` registry (src/verify): each
 * style is one object with its admin input schema, its stored form, its credential rules and its signer.
 * Everything else (the endpoint schemas, the API's style list, the dashboard form, the CLI help) is derived
 * from `OUTBOUND_STYLES`, so adding a style is one object here and its test.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BareFailure } from '../../errors/index.ts';
import { generateSecret } from '../../secrets/index.ts';
import {
  apiKeyScheme,
  bodyHashScheme,
  checkHeaderSecret,
  compileSpec,
  headerNameSchema,
  hmacKey,
  hmacSignatureValue,
  PROVIDER_SPECS,
  signWithSpec,
} from '../../verify/internal.ts';
import { HOOKGATE_SIGNATURE_SPEC } from './hookgate-signature.ts';

/** Whose credential signs: the application's secret, the endpoint's own, or nobody's. */
export type SecretScope = 'application' | 'endpoint' | 'none';

/** What one attempt gives the signer. */
export interface StyleSignInput<Stored> {
  readonly signing: Stored;
  /** Active credential versions, newest first, never empty (multi-signature styles sign with each). */
  readonly secrets: readonly [string, ...string[]];
  readonly body: string;
  readonly eventId: string;
  readonly unixSeconds: number;
}

/** The auth headers and the body to send (only `body_hash` changes the body), or why signing failed. */
export type SignResult =
  | { readonly ok: true; readonly headers: Record<string, string>; readonly body: string }
  | BareFailure;

/** How a style's credential is checked when given and made when not. */
export interface CredentialRules {
  /** An error message for an unusable credential, or null. */
  check(secret: string): string | null;
  generate(): string;
}

/** The one extra public field a style takes (a header name, a JSON field, a username), for forms and help. */
export interface StyleField {
  readonly name: 'header' | 'field' | 'username';
  readonly label: string;
  /** The server's default; absent when the field is required. */
  readonly default?: string;
}

/** One outbound signing style. `Input` and `Stored` are zod objects discriminated by `style`. */
export interface OutboundStyle<
  Input extends z.ZodObject = z.ZodObject,
  Stored extends z.ZodObject = z.ZodObject,
> {
  readonly id: string;
  /** What the dashboard and the CLI call it. */
  readonly label: string;
  /** `signing` of the admin API (create / update an endpoint); `secret` is write-only. */
  readonly input: Input;
  /** `signing` as stored and shown: the public fields and the resolved scope, never a secret. */
  readonly stored: Stored;
  /**
   * Whose secret it may sign with: `application` and `endpoint` (the user picks with `secretScope`),
   * `endpoint` only (the credential travels as it is), or `none`.
   */
  readonly scopes: readonly ['application', 'endpoint'] | readonly ['endpoint'] | readonly ['none'];
  readonly field: StyleField | null;
  /** Null for a style that sends no credential. */
  readonly credential: CredentialRules | null;
  sign(input: StyleSignInput<z.output<Stored>>): SignResult;
}

/** Checks the generic parameters once, where each style is written. */
function defineStyle<Input extends z.ZodObject, Stored extends z.ZodObject>(
  style: OutboundStyle<Input, Stored>,
): OutboundStyle<Input, Stored> {
  return style;
}

const scope = z
  .enum(['application', 'endpoint'])
  .default('application')
  .describe('application: sign with the application secret; endpoint: this endpoint has its own secret');
const storedScope = z.enum(['application', 'endpoint']);
const endpointScope = z.literal('endpoint');
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

/** Standard Webhooks keys are 24–64 bytes. */
const STANDARD_KEY_BYTES = { min: 24, max: 64 } as const;

/** The HMAC key of a Standard Webhooks secret (`whsec_<base64>` or bare base64), or null. */
export function standardWebhooksKey(secret: string): Buffer | null {
  const key = hmacKey(secret, 'whsec');
  if (key === null || key.length < STANDARD_KEY_BYTES.min || key.length > STANDARD_KEY_BYTES.max) return null;
  return key;
}

/** Rules of a credential sent as a header value or used as an HMAC key: 16–1024 characters, 64 generated. */
const SIGNING_SECRET: CredentialRules = {
  check: (value) => checkHeaderSecret(value, 16, 1024),
  generate: () => generateSecret(64),
};

const STANDARD_WEBHOOKS_SPEC = compileSpec(
  PROVIDER_SPECS.find((spec) => spec.id === 'standard_webhooks') ??
    (() => {
      throw new Error('the provider catalogue has no standard_webhooks row');
    })(),
);
const HOOKGATE_SPEC = compileSpec(HOOKGATE_SIGNATURE_SPEC);

/**
 * The Standard Webhooks headers for `body` (text or exact bytes), signed by the catalogue's
 * `standard_webhooks` row: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` once per active secret,
 * space-separated; null when no secret is a valid key.
 */
export function standardWebhooksHeaders(
  secrets: readonly string[],
  eventId: string,
  unixSeconds: number,
  body: string | Uint8Array,
): Record<string, string> | null {
  const keys = secrets.filter((key) => standardWebhooksKey(key) !== null);
  if (keys.length === 0) return null;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const { headers } = signWithSpec(STANDARD_WEBHOOKS_SPEC, bytes, keys, new Date(unixSeconds * 1000), '', {
    messageId: eventId,
  });
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(unixSeconds),
    'webhook-signature': headers['webhook-signature'] ?? '',
  };
}

const hookgate = defineStyle({
  id: 'hookgate',
  label: 'hookgate signature (X-Hookgate-Signature)',
  input: z.strictObject({ style: z.literal('hookgate'), secretScope: scope, secret }),
  stored: z.object({ style: z.literal('hookgate'), secretScope: storedScope }),
  scopes: ['application', 'endpoint'],
  field: null,
  credential: SIGNING_SECRET,
  // One `v1` per active secret, so a receiver still on the old secret verifies during a rotation grace.
  sign({ secrets, body, unixSeconds }) {
    const bytes = Buffer.from(body, 'utf8');
    const signed = signWithSpec(HOOKGATE_SPEC, bytes, secrets, new Date(unixSeconds * 1000), '');
    const name = HOOKGATE_SIGNATURE_SPEC.signature;
    const header = 'header' in name ? name.header : '';
    return { ok: true, body, headers: { [header]: signed.headers[header] ?? '' } };
  },
});

const standardWebhooks = defineStyle({
  id: 'standard_webhooks',
  label: 'Standard Webhooks (webhook-signature)',
  input: z.strictObject({ style: z.literal('standard_webhooks'), secretScope: scope, secret }),
  stored: z.object({ style: z.literal('standard_webhooks'), secretScope: storedScope }),
  scopes: ['application', 'endpoint'],
  field: null,
  credential: {
    check: (value) =>
      standardWebhooksKey(value) === null
        ? 'must be whsec_ followed by the base64 of a 24–64 byte key'
        : null,
    generate: () => `whsec_${randomBytes(32).toString('base64')}`,
  },
  sign({ secrets, eventId, unixSeconds, body }) {
    const headers = standardWebhooksHeaders(secrets, eventId, unixSeconds, body);
    if (headers === null) return { ok: false, message: 'the secret is not a valid Standard Webhooks key' };
    return { ok: true, body, headers };
  },
});

/** Flintn's style: the inbound `hmac` scheme's signer, so what is sent is what that verifier accepts. */
const hmacHeader = defineStyle({
  id: 'hmac_header',
  label: 'HMAC of the body in a header',
  input: z.strictObject({
    style: z.literal('hmac_header'),
    header: headerNameSchema.default('X-Signature-Primary'),
    secretScope: scope,
    secret,
  }),
  stored: z.object({ style: z.literal('hmac_header'), header: z.string(), secretScope: storedScope }),
  scopes: ['application', 'endpoint'],
  field: { name: 'header', label: 'Signature header', default: 'X-Signature-Primary' },
  credential: SIGNING_SECRET,
  sign({ signing, secrets: [newest], body }) {
    const config = { mode: 'hmac', header: signing.header, encoding: 'hex', algorithm: 'sha256' } as const;
    const value = hmacSignatureValue(Buffer.from(body, 'utf8'), config, newest);
    return { ok: true, body, headers: { [signing.header]: value } };
  },
});

/** We-Link's style: the inbound `body_hash` scheme's signer writes the hash into the JSON body. */
const bodyHash = defineStyle({
  id: 'body_hash',
  label: 'Hash in the JSON body',
  input: z.strictObject({
    style: z.literal('body_hash'),
    field: z.string().min(1).max(128).default('hash'),
    secretScope: scope,
    secret,
  }),
  stored: z.object({ style: z.literal('body_hash'), field: z.string(), secretScope: storedScope }),
  scopes: ['application', 'endpoint'],
  field: { name: 'field', label: 'Hash field', default: 'hash' },
  credential: SIGNING_SECRET,
  sign({ signing, secrets: [newest], body }) {
    const config = { mode: 'body_hash', field: signing.field } as const;
    const signed = bodyHashScheme.sign?.(Buffer.from(body, 'utf8'), config, newest, new Date(0), '');
    if (signed === undefined) return { ok: false, message: 'body_hash cannot sign' };
    return { ok: true, headers: {}, body: Buffer.from(signed.body).toString('utf8') };
  },
});

/** Xoxo's style: the key itself in a header; its rule (alphanumeric, 13–60) is the inbound `api_key` one. */
const apiKey = defineStyle({
  id: 'api_key',
  label: 'API key header',
  input: z.strictObject({
    style: z.literal('api_key'),
    header: headerNameSchema.default('x-api-key'),
    secret,
  }),
  stored: z.object({ style: z.literal('api_key'), header: z.string(), secretScope: endpointScope }),
  scopes: ['endpoint'],
  field: { name: 'header', label: 'Key header', default: 'x-api-key' },
  credential: {
    check: (value) =>
      apiKeyScheme.validateSecret?.(value, { mode: 'api_key', header: 'x-api-key', format: 'xoxo' }) ?? null,
    generate: () => generateSecret(40),
  },
  sign: ({ signing, secrets: [newest], body }) => ({ ok: true, body, headers: { [signing.header]: newest } }),
});

const bearer = defineStyle({
  id: 'bearer',
  label: 'Bearer token',
  input: z.strictObject({ style: z.literal('bearer'), secret }),
  stored: z.object({ style: z.literal('bearer'), secretScope: endpointScope }),
  scopes: ['endpoint'],
  field: null,
  credential: SIGNING_SECRET,
  sign: ({ secrets: [newest], body }) => ({ ok: true, body, headers: { Authorization: `Bearer ${newest}` } }),
});

const basic = defineStyle({
  id: 'basic',
  label: 'Basic auth',
  input: z.strictObject({ style: z.literal('basic'), username: basicUser, secret }),
  stored: z.object({ style: z.literal('basic'), username: z.string(), secretScope: endpointScope }),
  scopes: ['endpoint'],
  field: { name: 'username', label: 'Username' },
  credential: { check: (value) => checkHeaderSecret(value, 8, 1024), generate: () => generateSecret(32) },
  sign({ signing, secrets: [newest], body }) {
    const token = Buffer.from(`${signing.username}:${newest}`, 'utf8').toString('base64');
    return { ok: true, body, headers: { Authorization: `Basic ${token}` } };
  },
});

const none = defineStyle({
  id: 'none',
  label: 'Not signed',
  input: z.strictObject({ style: z.literal('none') }),
  stored: z.object({ style: z.literal('none'), secretScope: z.literal('none') }),
  scopes: ['none'],
  field: null,
  credential: null,
  sign: ({ body }) => ({ ok: true, headers: {}, body }),
});

/** Every outbound signing style, in the order forms and help list them. */
export const OUTBOUND_STYLES = [
  hookgate,
  standardWebhooks,
  hmacHeader,
  bodyHash,
  apiKey,
  bearer,
  basic,
  none,
] as const;
