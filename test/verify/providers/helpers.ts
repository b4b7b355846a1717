/**
 * Shared fixtures for provider tests: a fixed clock, credential builders, request builders from signed
 * requests, and assertions on verification outcomes.
 */
import assert from 'node:assert/strict';
import { PROVIDER_SCHEMES } from '../../../src/verify/providers/index.ts';
import type { Scheme, SignedRequest } from '../../../src/verify/scheme.ts';
import type { CredentialVersion, VerifyRequest, VerifyResult } from '../../../src/verify/types.ts';

/** The fixed clock every provider test runs at. */
export const NOW = new Date('2025-06-01T12:00:00.000Z');

/** The same instant in Unix seconds. */
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

/** A public URL for URL-signed schemes. */
export const PUBLIC_URL = 'https://hooks.example.com/webhooks/in/con_1?x=1';

/** A JSON body like the ones providers send. */
export const BODY = Buffer.from(
  '{"id":"evt_123","type":"thing.happened","data":{"amount":4200,"note":"héllo"}}',
);

/** The scheme registered under a mode id (fails the test when absent). */
export function scheme(id: string): Scheme {
  const found = PROVIDER_SCHEMES[id];
  assert.ok(found, `provider ${id} is registered`);
  return found;
}

/** A plaintext credential version. */
export function plain(secret: string, id = 'v1'): CredentialVersion {
  return { id, kind: 'plain', secret };
}

/** A public-key credential version. */
export function publicKey(key: string, id = 'v1'): CredentialVersion {
  return { id, kind: 'public_key', publicKey: key };
}

/** A date `seconds` away from NOW. */
export function at(seconds: number): Date {
  return new Date(NOW.getTime() + seconds * 1000);
}

/** Builds a verifier request from headers (any case) and a body. */
export function request(
  headers: Readonly<Record<string, string>>,
  body: Uint8Array = BODY,
  extra: Partial<Pick<VerifyRequest, 'method' | 'url' | 'publicUrl'>> = {},
): VerifyRequest {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return { method: 'POST', url: '/webhooks/in/con_1', ...extra, headers: lower, body };
}

/** The request a scheme's signer produced. */
export function fromSigned(signed: SignedRequest, extra: Parameters<typeof request>[2] = {}): VerifyRequest {
  return request(signed.headers, signed.body, extra);
}

/** Signs BODY (or `body`) with a scheme at `when`. */
export function signWith(
  id: string,
  secret: string,
  when: Date = NOW,
  body: Uint8Array = BODY,
): SignedRequest {
  const signer = scheme(id).sign;
  assert.ok(signer, `provider ${id} has a signer`);
  return signer(body, { mode: id }, secret, when, PUBLIC_URL);
}

/** Verifies with a scheme at NOW (or `now`). */
export async function check(
  id: string,
  req: VerifyRequest,
  credentials: readonly CredentialVersion[],
  config: Record<string, unknown> = {},
  now: Date = NOW,
): Promise<VerifyResult> {
  return scheme(id).verify(req, { mode: id, ...config }, credentials, now);
}

/** Asserts a success (optionally with an idempotency key). */
export function assertOk(result: VerifyResult, idempotencyKey?: string): void {
  assert.equal(result.ok, true, result.ok ? '' : result.message);
  if (idempotencyKey !== undefined && result.ok) assert.equal(result.idempotencyKey, idempotencyKey);
}

/** Asserts a 401 with exactly `UNAUTHORIZED: <message>`. */
export function assertFails(result: VerifyResult, message: string): void {
  assert.equal(result.ok, false, 'expected a failure');
  if (!result.ok) {
    assert.equal(result.code, 'UNAUTHORIZED');
    assert.equal(result.message, `UNAUTHORIZED: ${message}`);
  }
}

/** Asserts that no failure message leaks a secret or an expected signature. */
export function assertNoLeak(result: VerifyResult, ...secrets: readonly string[]): void {
  if (result.ok) return;
  for (const secret of secrets) assert.ok(!result.message.includes(secret), 'message leaks a secret');
}
