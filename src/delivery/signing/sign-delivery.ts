import { createHmac } from 'node:crypto';
import { bodyHashScheme } from '../../verify/schemes/body-hash.ts';
import { hmacSignatureValue } from '../../verify/schemes/hmac.ts';
import { standardWebhooksKey } from './credential-rules.ts';
import { HOOKGATE_SIGNATURE_HEADER, hookgateSignatureValue } from './hookgate-signature.ts';
import type { StoredSigning } from './signing-config.ts';

/** What to sign. */
export interface SignInput {
  readonly signing: StoredSigning;
  /** Active credential versions, newest first; multi-signature styles sign with each (rotation grace). */
  readonly secrets: readonly string[];
  readonly body: string;
  readonly eventId: string;
  readonly unixSeconds: number;
}

/** The auth headers and the body to send (only `body_hash` changes the body), or why signing failed. */
export type SignResult =
  | { readonly ok: true; readonly headers: Record<string, string>; readonly body: string }
  | { readonly ok: false; readonly error: string };

/**
 * The Standard Webhooks headers for `body` (text or exact bytes): `v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>` once per active secret, space-separated; null when no secret is a valid key.
 */
export function standardWebhooksHeaders(
  secrets: readonly string[],
  eventId: string,
  unixSeconds: number,
  body: string | Uint8Array,
): Record<string, string> | null {
  const keys = secrets.map(standardWebhooksKey).filter((key) => key !== null);
  if (keys.length === 0) return null;
  const prefix = `${eventId}.${unixSeconds}.`;
  const signatures = keys.map(
    (key) => `v1,${createHmac('sha256', key).update(prefix).update(body).digest('base64')}`,
  );
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(unixSeconds),
    'webhook-signature': signatures.join(' '),
  };
}

function standardWebhooks(input: SignInput): SignResult {
  const headers = standardWebhooksHeaders(input.secrets, input.eventId, input.unixSeconds, input.body);
  if (headers === null) return { ok: false, error: 'the secret is not a valid Standard Webhooks key' };
  return { ok: true, body: input.body, headers };
}

/**
 * Signs one attempt. `hookgate` and `standard_webhooks` carry one signature per active secret (so a
 * receiver still on the old secret verifies during a rotation grace); the single-value styles use the
 * newest. `hmac_header` (Flintn) and `body_hash` (We-Link) reuse the inbound schemes' signers, so what is
 * sent is exactly what those verifiers accept.
 */
export function signDelivery(input: SignInput): SignResult {
  const { signing, body } = input;
  if (signing.style === 'none') return { ok: true, headers: {}, body };
  const [secret] = input.secrets;
  if (secret === undefined) return { ok: false, error: 'no active signing secret' };
  switch (signing.style) {
    case 'hookgate':
      return {
        ok: true,
        body,
        headers: {
          [HOOKGATE_SIGNATURE_HEADER]: hookgateSignatureValue(body, input.secrets, input.unixSeconds),
        },
      };
    case 'standard_webhooks':
      return standardWebhooks(input);
    case 'hmac_header': {
      const config = { mode: 'hmac', header: signing.header, encoding: 'hex', algorithm: 'sha256' } as const;
      const value = hmacSignatureValue(Buffer.from(body, 'utf8'), config, secret);
      return { ok: true, body, headers: { [signing.header]: value } };
    }
    case 'body_hash': {
      const signed = bodyHashScheme.sign?.(
        Buffer.from(body, 'utf8'),
        { mode: 'body_hash', field: signing.field },
        secret,
        new Date(0),
        '',
      );
      if (signed === undefined) return { ok: false, error: 'body_hash cannot sign' };
      return { ok: true, headers: {}, body: Buffer.from(signed.body).toString('utf8') };
    }
    case 'api_key':
      return { ok: true, body, headers: { [signing.header]: secret } };
    case 'bearer':
      return { ok: true, body, headers: { Authorization: `Bearer ${secret}` } };
    case 'basic': {
      const token = Buffer.from(`${signing.username}:${secret}`, 'utf8').toString('base64');
      return { ok: true, body, headers: { Authorization: `Basic ${token}` } };
    }
  }
}
