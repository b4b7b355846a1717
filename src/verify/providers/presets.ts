/**
 * The preset table of the generic `hmac` mode as first specified, corrected against the providers' own docs, plus Flintn. Each preset
 * names the catalogue mode that implements the provider exactly, and the generic `hmac` fields that reproduce
 * it: `{ "mode": "hmac", "preset": "zendesk", "secret": "…" }` fills them in. Netlify signs a JWS, which no
 * generic field describes: its preset verifies with the `netlify` mode itself.
 */
import type { IdSource } from '../engine/spec.ts';
import { hubspotUri } from './url-signed.ts';

/** The generic `hmac` fields a preset fills (see `hmacConfigSchema` for their meaning). */
export interface GenericHmacFields {
  readonly header?: string;
  readonly encoding: 'hex' | 'base64';
  readonly prefix?: string;
  readonly algorithm: 'sha256' | 'sha1' | 'sha512';
  readonly content?: string;
  readonly timestampHeader?: string;
  readonly timestampField?: string;
  readonly timestampUnit?: 's' | 'ms' | 'iso';
  readonly tolerance?: number;
  readonly signatureField?: string;
}

/** One preset: the exact catalogue mode, the generic fields it fills, and what hookgate adds around them. */
export interface HmacPreset {
  /** The catalogue mode implementing this provider exactly. */
  readonly mode: string;
  /** Provider name used in failure messages (`Zendesk signature timestamp outside ±5 min tolerance`). */
  readonly name: string;
  readonly generic: GenericHmacFields;
  /** Delivery ids for deduplication, as the catalogue mode reads them. */
  readonly idempotency?: readonly IdSource[];
  /** Rewrites the public URL before `{url}` is signed (HubSpot v3 decodes some percent-escapes). */
  readonly normalizeUrl?: (url: string) => string;
  /** The generic fields cannot express the scheme: verify and sign with `mode` itself. */
  readonly delegate?: true;
  /** What the first version of the table got wrong, when it did. */
  readonly correction?: string;
}

const hex256 = { encoding: 'hex', algorithm: 'sha256' } as const;

/** Presets by id (the catalogue mode id of the provider). */
export const HMAC_PRESETS = {
  github: {
    mode: 'github',
    name: 'GitHub',
    generic: { header: 'X-Hub-Signature-256', prefix: 'sha256=', ...hex256 },
    idempotency: [{ header: 'X-GitHub-Delivery' }],
  },
  bitbucket: {
    mode: 'bitbucket',
    name: 'Bitbucket Cloud',
    generic: { header: 'X-Hub-Signature', prefix: 'sha256=', ...hex256 },
    idempotency: [{ header: 'X-Request-UUID' }],
    correction: 'header is X-Hub-Signature, not X-Hub-Signature-256',
  },
  shopify: {
    mode: 'shopify',
    name: 'Shopify',
    generic: { header: 'X-Shopify-Hmac-Sha256', encoding: 'base64', algorithm: 'sha256' },
    idempotency: [{ header: 'X-Shopify-Webhook-Id' }, { header: 'X-Shopify-Event-Id' }],
  },
  mailgun: {
    mode: 'mailgun',
    name: 'Mailgun',
    generic: {
      signatureField: 'signature.signature',
      content: '{json:signature.timestamp}{json:signature.token}',
      ...hex256,
    },
    idempotency: [{ json: 'event-data.id' }, { json: 'signature.token' }],
    correction: 'the signature is in the JSON body: HMAC-SHA256 of signature.timestamp + signature.token',
  },
  paystack: {
    mode: 'paystack',
    name: 'Paystack',
    generic: { header: 'x-paystack-signature', encoding: 'hex', algorithm: 'sha512' },
    correction: 'HMAC-SHA512, not SHA-256',
  },
  razorpay: {
    mode: 'razorpay',
    name: 'Razorpay',
    generic: { header: 'X-Razorpay-Signature', ...hex256 },
    idempotency: [{ header: 'x-razorpay-event-id' }],
  },
  pagerduty: {
    mode: 'pagerduty',
    name: 'PagerDuty',
    generic: { header: 'X-PagerDuty-Signature', prefix: 'v1=', ...hex256 },
    idempotency: [{ header: 'X-Webhook-Id' }, { json: 'event.id' }],
    correction: 'several comma-separated v1= values during rotation (any may match)',
  },
  zendesk: {
    mode: 'zendesk',
    name: 'Zendesk',
    generic: {
      header: 'X-Zendesk-Webhook-Signature',
      encoding: 'base64',
      algorithm: 'sha256',
      content: '{timestamp}{body}',
      timestampHeader: 'X-Zendesk-Webhook-Signature-Timestamp',
      timestampUnit: 'iso',
      tolerance: 300,
    },
    idempotency: [{ header: 'X-Zendesk-Webhook-Invocation-Id' }],
    correction: 'signs timestamp + body, ISO-8601 timestamp in X-Zendesk-Webhook-Signature-Timestamp',
  },
  hubspot_v3: {
    mode: 'hubspot_v3',
    name: 'HubSpot',
    generic: {
      header: 'X-HubSpot-Signature-v3',
      encoding: 'base64',
      algorithm: 'sha256',
      content: '{method}{url}{body}{timestamp}',
      timestampHeader: 'X-HubSpot-Request-Timestamp',
      timestampUnit: 'ms',
      tolerance: 300,
    },
    normalizeUrl: hubspotUri,
    correction: 'signs method + URI + body + millisecond timestamp, 5 min window',
  },
  linear: {
    mode: 'linear',
    name: 'Linear',
    generic: {
      header: 'Linear-Signature',
      ...hex256,
      timestampField: 'webhookTimestamp',
      timestampUnit: 'ms',
      tolerance: 60,
    },
    idempotency: [{ header: 'Linear-Delivery' }],
    correction: 'webhookTimestamp (ms) in the body must be within 60 s',
  },
  vercel: {
    mode: 'vercel',
    name: 'Vercel',
    generic: { header: 'x-vercel-signature', encoding: 'hex', algorithm: 'sha1' },
    idempotency: [{ json: 'id' }],
    correction: 'HMAC-SHA1, not SHA-256',
  },
  netlify: {
    mode: 'netlify',
    name: 'Netlify',
    generic: { header: 'X-Webhook-Signature', encoding: 'base64', algorithm: 'sha256' },
    delegate: true,
    correction: 'a JWS (HS256) whose claims carry iss=netlify and the body SHA-256',
  },
  flintn: {
    mode: 'flintn',
    name: 'Flintn',
    generic: { header: 'X-Signature-Primary', ...hex256 },
  },
} as const satisfies Readonly<Record<string, HmacPreset>>;

/** A preset id: `github`, `zendesk`, `flintn`, … */
export type HmacPresetId = keyof typeof HMAC_PRESETS;

/** Every preset id, in table order. */
export const HMAC_PRESET_IDS = Object.keys(HMAC_PRESETS) as [HmacPresetId, ...HmacPresetId[]];

/** The preset registered under `id`, or undefined (own keys only). */
export function findPreset(id: unknown): HmacPreset | undefined {
  return typeof id === 'string' && Object.hasOwn(HMAC_PRESETS, id)
    ? HMAC_PRESETS[id as HmacPresetId]
    : undefined;
}
