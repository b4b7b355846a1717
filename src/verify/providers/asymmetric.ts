/**
 * Providers that sign with a private key: the connection holds their public key (`auth.publicKey`, as hex,
 * base64, PEM or `whpk_…`). Discord (Ed25519) and SendGrid's Event Webhook (ECDSA P-256).
 */
import type { ProviderSpec } from '../engine/spec.ts';
import { discordPing } from './handshakes.ts';

/** Discord documents no window (its timestamp is signed; set `auth.tolerance` to enforce one). */
export const DISCORD_TOLERANCE_SECONDS = null;
/** SendGrid documents no window either. */
export const SENDGRID_TOLERANCE_SECONDS = null;

/** Public-key rows. */
export const ASYMMETRIC_SPECS: readonly ProviderSpec[] = [
  {
    id: 'discord',
    name: 'Discord',
    category: 'communication',
    docsUrl:
      'https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers',
    algorithm: 'ed25519',
    signature: { header: 'X-Signature-Ed25519', format: { kind: 'single' }, encoding: 'hex' },
    content: '{timestamp}{body}',
    timestamp: { from: { header: 'X-Signature-Timestamp' }, unit: 's' },
    tolerance: DISCORD_TOLERANCE_SECONDS,
    idempotency: [{ json: 'id' }],
    handshake: discordPing,
  },
  {
    id: 'sendgrid',
    name: 'SendGrid',
    category: 'email',
    docsUrl:
      'https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features',
    algorithm: 'ecdsa-p256-sha256',
    signature: {
      header: 'X-Twilio-Email-Event-Webhook-Signature',
      format: { kind: 'single' },
      encoding: 'base64',
    },
    content: '{timestamp}{body}',
    timestamp: { from: { header: 'X-Twilio-Email-Event-Webhook-Timestamp' }, unit: 's' },
    tolerance: SENDGRID_TOLERANCE_SECONDS,
  },
];
