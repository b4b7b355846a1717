/**
 * Adyen standard webhooks: every `NotificationRequestItem` carries `additionalData.hmacSignature`, the base64
 * HMAC-SHA256 (key given as hex) of `pspReference:originalReference:merchantAccountCode:merchantReference:
 * value:currency:eventCode:success`. Every item of a batch must verify.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { bytesEqual } from '../engine/algorithms.ts';
import { decodeBase64 } from '../engine/encoding.ts';
import { jsonAt, jsonString, parseJsonBody } from '../engine/json-path.ts';
import { hmacKey } from '../engine/keys.ts';
import { MISSING_CREDENTIAL } from '../engine/verify.ts';
import type { Scheme } from '../scheme.ts';
import { type CredentialVersion, unauthorized, type VerifyResult } from '../types.ts';

const FIELDS = ['pspReference', 'originalReference', 'merchantAccountCode', 'merchantReference'] as const;

/** Adyen's signing string for one notification item. */
export function adyenSigningString(item: unknown): string {
  const parts = FIELDS.map((field) => jsonString(item, field) ?? '');
  parts.push(jsonString(item, 'amount.value') ?? '', jsonString(item, 'amount.currency') ?? '');
  parts.push(jsonString(item, 'eventCode') ?? '', jsonString(item, 'success') ?? '');
  return parts.join(':');
}

function items(body: Uint8Array): readonly unknown[] | null {
  const list = jsonAt(parseJsonBody(body), 'notificationItems');
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.map((entry) => jsonAt(entry, 'NotificationRequestItem'));
}

function itemVerifies(item: unknown, keys: readonly Buffer[]): boolean {
  const presented = decodeBase64(jsonString(item, 'additionalData.hmacSignature') ?? '');
  if (presented === null || presented.length === 0) return false;
  let matched = false;
  for (const key of keys) {
    const expected = createHmac('sha256', key).update(adyenSigningString(item)).digest();
    matched = bytesEqual(expected, presented) || matched;
  }
  return matched;
}

function verifyAdyen(body: Uint8Array, credentials: readonly CredentialVersion[]): VerifyResult {
  const keys = credentials
    .flatMap((c) => (c.kind === 'plain' ? [hmacKey(c.secret, 'hex')] : []))
    .filter((k) => k !== null);
  if (keys.length === 0) return unauthorized(MISSING_CREDENTIAL);
  const list = items(body);
  if (list === null) return unauthorized('Missing notificationItems in body');
  if (!list.every((item) => jsonString(item, 'additionalData.hmacSignature') !== undefined)) {
    return unauthorized('Missing additionalData.hmacSignature in body');
  }
  if (!list.map((item) => itemVerifies(item, keys)).every(Boolean))
    return unauthorized('HMAC signature mismatch');
  const first = list[0];
  const key = [
    jsonString(first, 'pspReference'),
    jsonString(first, 'eventCode'),
    jsonString(first, 'success'),
  ];
  return key.every((part) => part !== undefined) ? { ok: true, idempotencyKey: key.join(':') } : { ok: true };
}

function signAdyenBody(body: Uint8Array, secret: string): Uint8Array {
  const parsed = parseJsonBody(body);
  const list = jsonAt(parsed, 'notificationItems');
  const key = hmacKey(secret, 'hex');
  if (!Array.isArray(list) || key === null)
    throw new Error('Adyen: needs a notification body and a hex HMAC key');
  for (const entry of list) {
    const item = jsonAt(entry, 'NotificationRequestItem');
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const extra =
      typeof record.additionalData === 'object' && record.additionalData !== null
        ? record.additionalData
        : {};
    const hmacSignature = createHmac('sha256', key).update(adyenSigningString(item)).digest('base64');
    record.additionalData = { ...extra, hmacSignature };
  }
  return Buffer.from(JSON.stringify(parsed));
}

/** The Adyen scheme (HMAC over selected fields of each notification item). */
export const ADYEN_SCHEME: Scheme<{ mode: 'adyen' }> = {
  id: 'adyen',
  name: 'Adyen',
  category: 'payments',
  docsUrl: 'https://docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures/',
  config: z.strictObject({ mode: z.literal('adyen') }),
  storage: 'encrypted',
  validateSecret: (secret) => (hmacKey(secret, 'hex') === null ? 'Adyen needs the HMAC key as hex' : null),
  sign: (body, _config, secret) => ({
    headers: { 'Content-Type': 'application/json' },
    body: signAdyenBody(body, secret),
  }),
  verify(request, _config, credentials) {
    try {
      return verifyAdyen(request.body, credentials);
    } catch {
      return unauthorized('Adyen signature could not be verified');
    }
  },
};
