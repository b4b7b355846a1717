/**
 * The Wexio "Custom HMAC" preset table, corrected against the providers' own docs, plus Flintn. Each preset
 * names the catalogue mode that implements the provider exactly; presets that really are a plain HMAC of the
 * body also carry the generic `hmac` fields (header, encoding, prefix, algorithm) they fill in.
 */

/** The generic `hmac` fields a body-only preset fills. */
export interface GenericHmacFields {
  readonly header: string;
  readonly encoding: 'hex' | 'base64';
  readonly prefix?: string;
  readonly algorithm: 'sha256' | 'sha1' | 'sha512';
}

/** One preset: the exact catalogue mode, and the generic fields when the body-only HMAC is the whole story. */
export interface HmacPreset {
  readonly mode: string;
  readonly generic?: GenericHmacFields;
  /** What the Wexio table got wrong, when it did. */
  readonly correction?: string;
}

/** Presets by id (the catalogue mode id of the provider). */
export const HMAC_PRESETS: Readonly<Record<string, HmacPreset>> = {
  github: {
    mode: 'github',
    generic: { header: 'X-Hub-Signature-256', encoding: 'hex', prefix: 'sha256=', algorithm: 'sha256' },
  },
  bitbucket: {
    mode: 'bitbucket',
    generic: { header: 'X-Hub-Signature', encoding: 'hex', prefix: 'sha256=', algorithm: 'sha256' },
    correction: 'header is X-Hub-Signature, not X-Hub-Signature-256',
  },
  shopify: {
    mode: 'shopify',
    generic: { header: 'X-Shopify-Hmac-Sha256', encoding: 'base64', algorithm: 'sha256' },
  },
  mailgun: {
    mode: 'mailgun',
    correction: 'the signature is in the JSON body: HMAC-SHA256 of signature.timestamp + signature.token',
  },
  paystack: {
    mode: 'paystack',
    generic: { header: 'x-paystack-signature', encoding: 'hex', algorithm: 'sha512' },
    correction: 'HMAC-SHA512, not SHA-256',
  },
  razorpay: {
    mode: 'razorpay',
    generic: { header: 'X-Razorpay-Signature', encoding: 'hex', algorithm: 'sha256' },
  },
  pagerduty: {
    mode: 'pagerduty',
    generic: { header: 'X-PagerDuty-Signature', encoding: 'hex', prefix: 'v1=', algorithm: 'sha256' },
    correction: 'several comma-separated v1= values during rotation: use mode pagerduty to accept any',
  },
  zendesk: {
    mode: 'zendesk',
    correction: 'signs timestamp + body, ISO-8601 timestamp in X-Zendesk-Webhook-Signature-Timestamp',
  },
  hubspot_v3: {
    mode: 'hubspot_v3',
    correction: 'signs method + URI + body + millisecond timestamp, 5 min window',
  },
  linear: {
    mode: 'linear',
    generic: { header: 'Linear-Signature', encoding: 'hex', algorithm: 'sha256' },
    correction: 'webhookTimestamp (ms) in the body must be within 60 s: use mode linear to enforce it',
  },
  vercel: {
    mode: 'vercel',
    generic: { header: 'x-vercel-signature', encoding: 'hex', algorithm: 'sha1' },
    correction: 'HMAC-SHA1, not SHA-256',
  },
  netlify: {
    mode: 'netlify',
    correction: 'a JWS (HS256) whose claims carry iss=netlify and the body SHA-256',
  },
  flintn: {
    mode: 'flintn',
    generic: { header: 'X-Signature-Primary', encoding: 'hex', algorithm: 'sha256' },
  },
};
