/**
 * Providers that put the URL they called (and sometimes the method) into the signed content: Square, Trello,
 * HubSpot v1/v2/v3, Mandrill. The URL is the connection's public URL (`auth.publicUrl` or HOOKGATE_PUBLIC_URL
 * plus the request's path and query). Twilio lives in twilio.ts.
 */
import type { ProviderSpec } from '../engine/spec.ts';
import { trelloHeadCheck } from './handshakes.ts';

/** HubSpot v3: reject requests whose timestamp is more than 5 minutes away. */
export const HUBSPOT_V3_TOLERANCE_SECONDS = 300;

const HUBSPOT_DECODED: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** HubSpot v3 signs the URI with these percent-escapes decoded (its documented table). */
export function hubspotUri(url: string): string {
  return url.replace(
    /%(?:3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (code) => HUBSPOT_DECODED[code.toUpperCase()] ?? code,
  );
}

const HUBSPOT_DOCS = 'https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests';

/** URL-signed rows. */
export const URL_SIGNED_SPECS: readonly ProviderSpec[] = [
  {
    id: 'square',
    name: 'Square',
    category: 'payments',
    docsUrl: 'https://developer.squareup.com/docs/webhooks/step3validate',
    algorithm: 'hmac-sha256',
    signature: { header: 'x-square-hmacsha256-signature', format: { kind: 'single' }, encoding: 'base64' },
    content: '{url}{body}',
    idempotency: [{ json: 'event_id' }],
  },
  {
    id: 'trello',
    name: 'Trello',
    category: 'productivity',
    docsUrl: 'https://developer.atlassian.com/cloud/trello/guides/rest-api/webhooks/#webhook-signatures',
    algorithm: 'hmac-sha1',
    signature: { header: 'X-Trello-Webhook', format: { kind: 'single' }, encoding: 'base64' },
    content: '{body}{url}',
    idempotency: [{ json: 'action.id' }],
    preHandshake: trelloHeadCheck,
  },
  {
    // The first `hmac` preset table says base64 of the body; v3 signs method + URI + body + millisecond timestamp.
    id: 'hubspot_v3',
    name: 'HubSpot',
    category: 'crm',
    docsUrl: HUBSPOT_DOCS,
    algorithm: 'hmac-sha256',
    signature: { header: 'X-HubSpot-Signature-v3', format: { kind: 'single' }, encoding: 'base64' },
    content: '{method}{url}{body}{timestamp}',
    timestamp: { from: { header: 'X-HubSpot-Request-Timestamp' }, unit: 'ms' },
    tolerance: HUBSPOT_V3_TOLERANCE_SECONDS,
    normalizeUrl: hubspotUri,
  },
  {
    id: 'hubspot_v2',
    name: 'HubSpot (v2)',
    category: 'crm',
    docsUrl: HUBSPOT_DOCS,
    algorithm: 'sha256',
    signature: { header: 'X-HubSpot-Signature', format: { kind: 'single' }, encoding: 'hex' },
    content: '{secret}{method}{url}{body}',
  },
  {
    id: 'hubspot_v1',
    name: 'HubSpot (v1)',
    category: 'crm',
    docsUrl: HUBSPOT_DOCS,
    algorithm: 'sha256',
    signature: { header: 'X-HubSpot-Signature', format: { kind: 'single' }, encoding: 'hex' },
    content: '{secret}{body}',
  },
  {
    id: 'mandrill',
    name: 'Mandrill',
    category: 'email',
    docsUrl:
      'https://mailchimp.com/developer/transactional/guides/track-respond-activity-webhooks/#authenticating-webhook-requests',
    algorithm: 'hmac-sha1',
    signature: { header: 'X-Mandrill-Signature', format: { kind: 'single' }, encoding: 'base64' },
    content: '{url}{form}',
    check: ({ request }) =>
      /application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')
        ? null
        : 'Mandrill requests must be form-encoded (mandrill_events)',
  },
];
