import type { ProviderSpec, Scheme } from '../../verify/internal.ts';
import { defineProvider } from '../../verify/internal.ts';

/** The signature header of the `hookgate` style. */
export const HOOKGATE_SIGNATURE_HEADER = 'X-Hookgate-Signature';

/**
 * The `hookgate` style as a verifier spec (receiver side): `X-Hookgate-Signature: t=<unix>,v1=<hex>` with
 * HMAC-SHA256 over `${t}.${body}`, several `v1` entries while a secret rotates, ±5 min tolerance.
 * The same shape as Stripe's `Stripe-Signature`, so a Stripe-style verifier works. Tests verify what the worker sends with it, and a
 * hookgate instance receiving from another can register it as an inbound mode.
 */
export const HOOKGATE_SIGNATURE_SPEC: ProviderSpec = {
  id: 'hookgate',
  name: 'hookgate',
  category: 'webhooks',
  docsUrl: 'https://github.com/hookgate/hookgate/blob/main/docs/delivery.md',
  algorithm: 'hmac-sha256',
  signature: {
    header: HOOKGATE_SIGNATURE_HEADER,
    format: { kind: 'list', entrySep: ',', kvSep: '=', version: 'v1', timestampKey: 't' },
    encoding: 'hex',
  },
  content: '{timestamp}.{body}',
  timestamp: { from: { inSignature: true }, unit: 's' },
  tolerance: 300,
  idempotency: [{ header: 'X-Hookgate-Event-Id' }],
};

/** The verifier of the `hookgate` style. */
export const hookgateSignatureScheme: Scheme = defineProvider(HOOKGATE_SIGNATURE_SPEC);
