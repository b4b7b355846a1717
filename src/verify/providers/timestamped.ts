/**
 * Providers whose signed content carries a timestamp (in a header, the signature header or the body), each
 * with its documented tolerance, plus PagerDuty's multi-value header.
 */
import type { ProviderSpec } from '../engine/spec.ts';
import { twitchCallbackVerification, zoomUrlValidation } from './handshakes.ts';

/** Zendesk documents no window; 5 min, both ways (override with `auth.tolerance`). */
export const ZENDESK_TOLERANCE_SECONDS = 300;
/** Linear's SDK rejects a `webhookTimestamp` more than a minute away. */
export const LINEAR_TOLERANCE_SECONDS = 60;
/** Zoom documents no window; 5 min, both ways. */
export const ZOOM_TOLERANCE_SECONDS = 300;
/** Twitch: reject messages older than 10 minutes. */
export const TWITCH_TOLERANCE_SECONDS = 600;
/** Calendly's verification guide: 3 minutes. */
export const CALENDLY_TOLERANCE_SECONDS = 180;
/** Mux's SDK default tolerance. */
export const MUX_TOLERANCE_SECONDS = 300;

/** `t=<unix>,v1=<hex>` over `<t>.<body>`: Stripe's layout, used by Calendly and Mux. */
const STRIPE_LIKE = { kind: 'list', entrySep: ',', kvSep: '=', version: 'v1', timestampKey: 't' } as const;

/** Timestamped rows. */
export const TIMESTAMPED_SPECS: readonly ProviderSpec[] = [
  {
    // The first `hmac` preset table signs the body only; Zendesk signs `timestamp + body` with an ISO-8601 timestamp header.
    id: 'zendesk',
    name: 'Zendesk',
    category: 'support',
    docsUrl: 'https://developer.zendesk.com/documentation/webhooks/verifying/',
    algorithm: 'hmac-sha256',
    signature: { header: 'X-Zendesk-Webhook-Signature', format: { kind: 'single' }, encoding: 'base64' },
    content: '{timestamp}{body}',
    timestamp: { from: { header: 'X-Zendesk-Webhook-Signature-Timestamp' }, unit: 'iso' },
    tolerance: ZENDESK_TOLERANCE_SECONDS,
    idempotency: [{ header: 'X-Zendesk-Webhook-Invocation-Id' }],
  },
  {
    // The first `hmac` preset table says hex of the body; Linear also puts a millisecond `webhookTimestamp` in the body.
    id: 'linear',
    name: 'Linear',
    category: 'developer',
    docsUrl: 'https://linear.app/developers/webhooks#securing-webhooks',
    algorithm: 'hmac-sha256',
    signature: { header: 'Linear-Signature', format: { kind: 'single' }, encoding: 'hex' },
    content: '{body}',
    timestamp: { from: { json: 'webhookTimestamp' }, unit: 'ms' },
    tolerance: LINEAR_TOLERANCE_SECONDS,
    idempotency: [{ header: 'Linear-Delivery' }],
  },
  {
    // The first `hmac` preset table says a single `v1=`; PagerDuty sends several comma-separated `v1=` values while rotating.
    id: 'pagerduty',
    name: 'PagerDuty',
    category: 'operations',
    docsUrl: 'https://developer.pagerduty.com/docs/webhooks/webhook-signatures/',
    algorithm: 'hmac-sha256',
    signature: {
      header: 'X-PagerDuty-Signature',
      format: { kind: 'list', entrySep: ',', kvSep: '=', version: 'v1' },
      encoding: 'hex',
    },
    content: '{body}',
    idempotency: [{ header: 'X-Webhook-Id' }, { json: 'event.id' }],
  },
  {
    id: 'zoom',
    name: 'Zoom',
    category: 'communication',
    docsUrl: 'https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events',
    algorithm: 'hmac-sha256',
    signature: { header: 'x-zm-signature', format: { kind: 'single', prefix: 'v0=' }, encoding: 'hex' },
    content: 'v0:{timestamp}:{body}',
    timestamp: { from: { header: 'x-zm-request-timestamp' }, unit: 's' },
    tolerance: ZOOM_TOLERANCE_SECONDS,
    handshake: zoomUrlValidation,
  },
  {
    id: 'twitch',
    name: 'Twitch',
    category: 'media',
    docsUrl: 'https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message',
    algorithm: 'hmac-sha256',
    // Twitch documents the subscription secret as 10–100 ASCII characters.
    minSecretLength: 10,
    signature: {
      header: 'Twitch-Eventsub-Message-Signature',
      format: { kind: 'single', prefix: 'sha256=' },
      encoding: 'hex',
    },
    content: '{id}{timestamp}{body}',
    timestamp: { from: { header: 'Twitch-Eventsub-Message-Timestamp' }, unit: 'iso' },
    tolerance: TWITCH_TOLERANCE_SECONDS,
    messageId: 'Twitch-Eventsub-Message-Id',
    idempotency: [{ header: 'Twitch-Eventsub-Message-Id' }],
    handshake: twitchCallbackVerification,
  },
  {
    id: 'calendly',
    name: 'Calendly',
    category: 'scheduling',
    docsUrl: 'https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures',
    algorithm: 'hmac-sha256',
    signature: { header: 'Calendly-Webhook-Signature', format: STRIPE_LIKE, encoding: 'hex' },
    content: '{timestamp}.{body}',
    timestamp: { from: { inSignature: true }, unit: 's' },
    tolerance: CALENDLY_TOLERANCE_SECONDS,
  },
  {
    id: 'mux',
    name: 'Mux',
    category: 'media',
    docsUrl: 'https://www.mux.com/docs/core/verify-webhook-signatures',
    algorithm: 'hmac-sha256',
    signature: { header: 'Mux-Signature', format: STRIPE_LIKE, encoding: 'hex' },
    content: '{timestamp}.{body}',
    timestamp: { from: { inSignature: true }, unit: 's' },
    tolerance: MUX_TOLERANCE_SECONDS,
    idempotency: [{ json: 'id' }],
  },
];
