/**
 * The named modes with timestamped signatures (Stripe, Slack, Svix, Standard Webhooks, Paddle, Revolut) and
 * the two most common body-only HMACs (GitHub, Shopify). One row per provider, checked against its SDK/docs.
 */
import type { ProviderSpec } from '../engine/spec.ts';
import { slackUrlVerification } from './handshakes.ts';

/** Stripe's SDK default (`DEFAULT_TOLERANCE`). */
export const STRIPE_TOLERANCE_SECONDS = 300;
/** Slack: "more than five minutes" from local time. */
export const SLACK_TOLERANCE_SECONDS = 300;
/** Svix / Standard Webhooks reference libraries: 5 minutes either way. */
export const SVIX_TOLERANCE_SECONDS = 300;
/** Paddle's SDK (`MAX_VALID_TIME_DIFFERENCE`): 5 s; override with `auth.tolerance` for slow networks. */
export const PADDLE_TOLERANCE_SECONDS = 5;
/** Revolut: within a 5-minute tolerance of UTC now. */
export const REVOLUT_TOLERANCE_SECONDS = 300;

/** The Svix-format signature list: `v1,<base64> v1,<base64>`. */
export const SVIX_LIST = { kind: 'list', entrySep: ' ', kvSep: ',', version: 'v1' } as const;

/** Named-mode rows. */
export const NAMED_SPECS: readonly ProviderSpec[] = [
  {
    id: 'stripe',
    name: 'Stripe',
    category: 'payments',
    docsUrl: 'https://docs.stripe.com/webhooks#verify-manually',
    algorithm: 'hmac-sha256',
    signature: {
      header: 'Stripe-Signature',
      format: { kind: 'list', entrySep: ',', kvSep: '=', version: 'v1', timestampKey: 't' },
      encoding: 'hex',
    },
    content: '{timestamp}.{body}',
    timestamp: { from: { inSignature: true }, unit: 's' },
    tolerance: STRIPE_TOLERANCE_SECONDS,
    idempotency: [{ json: 'id' }],
  },
  {
    id: 'slack',
    name: 'Slack',
    category: 'communication',
    docsUrl: 'https://api.slack.com/authentication/verifying-requests-from-slack',
    algorithm: 'hmac-sha256',
    signature: { header: 'X-Slack-Signature', format: { kind: 'single', prefix: 'v0=' }, encoding: 'hex' },
    content: 'v0:{timestamp}:{body}',
    timestamp: { from: { header: 'X-Slack-Request-Timestamp' }, unit: 's' },
    tolerance: SLACK_TOLERANCE_SECONDS,
    idempotency: [{ json: 'event_id' }],
    handshake: slackUrlVerification,
  },
  {
    id: 'svix',
    name: 'Svix',
    category: 'webhooks',
    docsUrl: 'https://docs.svix.com/receiving/verifying-payloads/how-manual',
    algorithm: 'hmac-sha256',
    key: 'whsec',
    signature: { header: 'svix-signature', format: SVIX_LIST, encoding: 'base64' },
    content: '{id}.{timestamp}.{body}',
    timestamp: { from: { header: 'svix-timestamp' }, unit: 's' },
    tolerance: SVIX_TOLERANCE_SECONDS,
    messageId: 'svix-id',
    idempotency: [{ header: 'svix-id' }],
  },
  {
    id: 'standard_webhooks',
    name: 'Standard Webhooks',
    category: 'webhooks',
    docsUrl: 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md',
    algorithm: 'hmac-sha256',
    key: 'whsec',
    signature: { header: 'webhook-signature', format: SVIX_LIST, encoding: 'base64' },
    content: '{id}.{timestamp}.{body}',
    timestamp: { from: { header: 'webhook-timestamp' }, unit: 's' },
    tolerance: SVIX_TOLERANCE_SECONDS,
    messageId: 'webhook-id',
    idempotency: [{ header: 'webhook-id' }],
  },
  {
    id: 'standard_webhooks_v1a',
    name: 'Standard Webhooks (Ed25519)',
    category: 'webhooks',
    docsUrl: 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md',
    algorithm: 'ed25519',
    signature: { header: 'webhook-signature', format: { ...SVIX_LIST, version: 'v1a' }, encoding: 'base64' },
    content: '{id}.{timestamp}.{body}',
    timestamp: { from: { header: 'webhook-timestamp' }, unit: 's' },
    tolerance: SVIX_TOLERANCE_SECONDS,
    messageId: 'webhook-id',
    idempotency: [{ header: 'webhook-id' }],
  },
  {
    id: 'paddle',
    name: 'Paddle',
    category: 'payments',
    docsUrl: 'https://developer.paddle.com/webhooks/signature-verification',
    algorithm: 'hmac-sha256',
    signature: {
      header: 'Paddle-Signature',
      format: { kind: 'list', entrySep: ';', kvSep: '=', version: 'h1', timestampKey: 'ts' },
      encoding: 'hex',
    },
    content: '{timestamp}:{body}',
    timestamp: { from: { inSignature: true }, unit: 's' },
    tolerance: PADDLE_TOLERANCE_SECONDS,
    idempotency: [{ json: 'notification_id' }, { json: 'event_id' }],
  },
  {
    id: 'revolut',
    name: 'Revolut',
    category: 'payments',
    docsUrl:
      'https://developer.revolut.com/docs/guides/accept-payments/tutorials/work-with-webhooks/verify-the-payload-signature',
    algorithm: 'hmac-sha256',
    signature: {
      header: 'Revolut-Signature',
      format: { kind: 'list', entrySep: ',', kvSep: '=', version: 'v1' },
      encoding: 'hex',
    },
    content: 'v1.{timestamp}.{body}',
    timestamp: { from: { header: 'Revolut-Request-Timestamp' }, unit: 'ms' },
    tolerance: REVOLUT_TOLERANCE_SECONDS,
  },
  {
    id: 'github',
    name: 'GitHub',
    category: 'developer',
    docsUrl: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
    algorithm: 'hmac-sha256',
    signature: {
      header: 'X-Hub-Signature-256',
      format: { kind: 'single', prefix: 'sha256=' },
      encoding: 'hex',
    },
    content: '{body}',
    idempotency: [{ header: 'X-GitHub-Delivery' }],
  },
  {
    id: 'shopify',
    name: 'Shopify',
    category: 'commerce',
    docsUrl:
      'https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook',
    algorithm: 'hmac-sha256',
    // Shopify Events (developer preview) send the same signature and id without the `X-` prefix.
    signature: {
      header: 'X-Shopify-Hmac-Sha256',
      alsoHeaders: ['Shopify-Hmac-Sha256'],
      format: { kind: 'single' },
      encoding: 'base64',
    },
    content: '{body}',
    idempotency: [
      { header: 'X-Shopify-Webhook-Id' },
      { header: 'X-Shopify-Event-Id' },
      { header: 'Shopify-Webhook-Id' },
    ],
  },
];
