/**
 * Providers that sign only the raw body with an HMAC in one header: the `hmac` preset table (presets.ts) (with the
 * corrections from the providers' own docs) and other common senders. One row each.
 */
import type { ProviderSpec } from '../engine/spec.ts';
import { dropboxChallenge } from './handshakes.ts';
import { bodyHmac } from './rows.ts';

/** Body-only HMAC rows. */
export const BODY_HMAC_SPECS: readonly ProviderSpec[] = [
  // The first `hmac` preset table says X-Hub-Signature-256; Bitbucket Cloud sends `X-Hub-Signature: sha256=<hex>`.
  bodyHmac(
    {
      id: 'bitbucket',
      name: 'Bitbucket Cloud',
      category: 'developer',
      docsUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/#Secure-webhooks',
    },
    'X-Hub-Signature',
    'hex',
    { prefix: 'sha256=', idempotency: [{ header: 'X-Request-UUID' }] },
  ),
  // The first `hmac` preset table says SHA-256; Paystack signs with HMAC-SHA512.
  bodyHmac(
    {
      id: 'paystack',
      name: 'Paystack',
      category: 'payments',
      docsUrl: 'https://paystack.com/docs/payments/webhooks/#verify-event-origin',
    },
    'x-paystack-signature',
    'hex',
    { algorithm: 'hmac-sha512' },
  ),
  bodyHmac(
    {
      id: 'razorpay',
      name: 'Razorpay',
      category: 'payments',
      docsUrl: 'https://razorpay.com/docs/webhooks/validate-test/',
    },
    'X-Razorpay-Signature',
    'hex',
    { idempotency: [{ header: 'x-razorpay-event-id' }] },
  ),
  // The first `hmac` preset table says SHA-256; Vercel signs with HMAC-SHA1.
  bodyHmac(
    {
      id: 'vercel',
      name: 'Vercel',
      category: 'developer',
      docsUrl: 'https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks',
    },
    'x-vercel-signature',
    'hex',
    { algorithm: 'hmac-sha1', idempotency: [{ json: 'id' }] },
  ),
  bodyHmac(
    { id: 'flintn', name: 'Flintn', category: 'payments', docsUrl: 'https://hub.flintn.com/developers' },
    'X-Signature-Primary',
    'hex',
  ),
  bodyHmac(
    {
      id: 'intercom',
      name: 'Intercom',
      category: 'support',
      docsUrl: 'https://developers.intercom.com/docs/webhooks/webhook-notifications#signed-notifications',
    },
    'X-Hub-Signature',
    'hex',
    { prefix: 'sha1=', algorithm: 'hmac-sha1', idempotency: [{ json: 'id' }] },
  ),
  bodyHmac(
    {
      id: 'typeform',
      name: 'Typeform',
      category: 'forms',
      docsUrl: 'https://www.typeform.com/developers/webhooks/secure-your-webhooks/',
    },
    'Typeform-Signature',
    'base64',
    { prefix: 'sha256=', idempotency: [{ json: 'event_id' }] },
  ),
  bodyHmac(
    {
      id: 'lemon_squeezy',
      name: 'Lemon Squeezy',
      category: 'payments',
      docsUrl: 'https://docs.lemonsqueezy.com/help/webhooks/signing-requests',
    },
    'X-Signature',
    'hex',
  ),
  bodyHmac(
    {
      id: 'sentry',
      name: 'Sentry',
      category: 'developer',
      docsUrl:
        'https://docs.sentry.io/organization/integrations/integration-platform/webhooks/#sentry-hook-signature',
    },
    'Sentry-Hook-Signature',
    'hex',
    { idempotency: [{ header: 'Request-ID' }] },
  ),
  // Xero's intent-to-receive check sends bad signatures and expects 401: the default behaviour.
  bodyHmac(
    {
      id: 'xero',
      name: 'Xero',
      category: 'accounting',
      docsUrl: 'https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/',
    },
    'x-xero-signature',
    'base64',
  ),
  bodyHmac(
    {
      id: 'coinbase_commerce',
      name: 'Coinbase Commerce',
      category: 'payments',
      docsUrl: 'https://docs.cdp.coinbase.com/commerce-onchain/docs/webhooks-security',
    },
    'X-CC-Webhook-Signature',
    'hex',
    { idempotency: [{ json: 'event.id' }] },
  ),
  {
    ...bodyHmac(
      {
        id: 'dropbox',
        name: 'Dropbox',
        category: 'storage',
        docsUrl: 'https://www.dropbox.com/developers/reference/webhooks#documentation',
      },
      'X-Dropbox-Signature',
      'hex',
    ),
    preHandshake: dropboxChallenge,
  },
  bodyHmac(
    {
      id: 'woocommerce',
      name: 'WooCommerce',
      category: 'commerce',
      docsUrl: 'https://woocommerce.com/document/webhooks/',
    },
    'X-WC-Webhook-Signature',
    'base64',
    { idempotency: [{ header: 'X-WC-Webhook-Delivery-ID' }] },
  ),
  bodyHmac(
    { id: 'gitea', name: 'Gitea', category: 'developer', docsUrl: 'https://docs.gitea.com/usage/webhooks' },
    'X-Gitea-Signature',
    'hex',
    { idempotency: [{ header: 'X-Gitea-Delivery' }] },
  ),
  bodyHmac(
    {
      id: 'cal_com',
      name: 'Cal.com',
      category: 'scheduling',
      docsUrl: 'https://cal.com/docs/developing/guides/automation/webhooks',
    },
    'X-Cal-Signature-256',
    'hex',
  ),
  bodyHmac(
    {
      id: 'docusign',
      name: 'Docusign Connect',
      category: 'productivity',
      docsUrl: 'https://developers.docusign.com/platform/webhooks/connect/hmac/',
    },
    'X-DocuSign-Signature-1',
    'base64',
  ),
  bodyHmac(
    {
      id: 'github_sha1',
      name: 'GitHub (legacy SHA-1)',
      category: 'developer',
      docsUrl: 'https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers',
    },
    'X-Hub-Signature',
    'hex',
    { prefix: 'sha1=', algorithm: 'hmac-sha1', idempotency: [{ header: 'X-GitHub-Delivery' }] },
  ),
];
