/**
 * Providers that sign with a private key: the connection holds their public key (`auth.publicKey`, as hex,
 * base64, PEM or `whpk_…`). Discord (Ed25519) and SendGrid's Event Webhook (ECDSA P-256).
 */
import type { ProviderSpec } from '../engine/spec.ts';
import { discordPing } from './handshakes.ts';

/** Public-key rows. */
export const ASYMMETRIC_SPECS: readonly ProviderSpec[] = [
  {
    // Discord documents no timestamp window; the timestamp is signed, the interaction id dedupes replays.
    id: 'discord',
    name: 'Discord',
    category: 'communication',
    docsUrl: 'https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers',
    algorithm: 'ed25519',
    signature: { header: 'X-Signature-Ed25519', format: { kind: 'single' }, encoding: 'hex' },
    content: '{header:X-Signature-Timestamp}{body}',
    idempotency: [{ json: 'id' }],
    handshake: discordPing,
  },
  {
    id: 'sendgrid',
    name: 'SendGrid',
    category: 'email',
    docsUrl: 'https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features',
    algorithm: 'ecdsa-p256-sha256',
    signature: { header: 'X-Twilio-Email-Event-Webhook-Signature', format: { kind: 'single' }, encoding: 'base64' },
    content: '{header:X-Twilio-Email-Event-Webhook-Timestamp}{body}',
  },
];
