/**
 * Mailgun: the signature travels inside the JSON body, `signature: { timestamp, token, signature }`, where
 * `signature` is the hex HMAC-SHA256 of `timestamp + token` under the webhook signing key. The first `hmac` preset
 * (an `X-Mailgun-Signature-256` header over the body) does not exist.
 */
import { createHash, createHmac } from 'node:crypto';
import { defineProvider, type ProviderConfig } from '../engine/define.ts';
import { parseJsonBody } from '../engine/json-path.ts';
import type { ProviderSpec } from '../engine/spec.ts';
import type { Scheme } from '../scheme.ts';

/** Mailgun documents no clock window (it retries for hours); set `auth.tolerance` to enforce one. */
export const MAILGUN_TOLERANCE_SECONDS = null;

const MAILGUN_SPEC: ProviderSpec = {
  id: 'mailgun',
  name: 'Mailgun',
  category: 'email',
  docsUrl: 'https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks',
  algorithm: 'hmac-sha256',
  signature: { json: 'signature.signature', encoding: 'hex' },
  content: '{timestamp}{json:signature.token}',
  timestamp: { from: { json: 'signature.timestamp' }, unit: 's' },
  tolerance: MAILGUN_TOLERANCE_SECONDS,
  idempotency: [{ json: 'event-data.id' }, { json: 'signature.token' }],
};

/** Adds a `signature` object to a JSON body, as Mailgun does. */
function signMailgunBody(body: Uint8Array, secret: string, now: Date): Uint8Array {
  const parsed = parseJsonBody(body);
  const event =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? parsed
      : { 'event-data': parsed };
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const token = createHash('sha256').update(timestamp).update(body).digest('hex').slice(0, 50);
  const signature = createHmac('sha256', secret)
    .update(timestamp + token)
    .digest('hex');
  return Buffer.from(JSON.stringify({ ...event, signature: { timestamp, token, signature } }));
}

/** The Mailgun scheme (body-embedded signature). */
export const MAILGUN_SCHEME: Scheme<ProviderConfig> = defineProvider(MAILGUN_SPEC, {
  sign(body, _config, secret, now) {
    return { headers: { 'Content-Type': 'application/json' }, body: signMailgunBody(body, secret, now) };
  },
});
