/**
 * The verifier contract: pure functions `(request, credential, now) → VerifyResult`, no I/O.
 * Frameworks adapt their request to `VerifyRequest`; the gateway maps `VerifyResult` to HTTP in one place.
 */

/** An inbound HTTP request as a verifier sees it. Header names are lower-case. */
export interface VerifyRequest {
  readonly method: string;
  /** Path and query string exactly as received, e.g. `/webhooks/in/con_1?x=1`. */
  readonly url: string;
  /** Lower-cased header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body bytes, exactly as received. */
  readonly body: Uint8Array;
  /**
   * The full public URL the sender called (scheme, host, path, query), for URL-signed schemes (Twilio, Square…).
   * The gateway builds it from `auth.publicUrl` or `HOOKGATE_PUBLIC_URL` plus the request's path and query.
   */
  readonly publicUrl?: string;
}

/** A handshake a provider needs answered instead of an event being stored (Slack url_verification, …). */
export interface HandshakeResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Why a verification failed. Every failure maps to HTTP 401 `UNAUTHORIZED` unless stated otherwise. */
export type VerifyFailureCode = 'UNAUTHORIZED';

/** The outcome of a verification: a value, never an exception. */
export type VerifyResult =
  | {
      readonly ok: true;
      /** Provider delivery id usable for deduplication (svix-id, X-GitHub-Delivery, …), if any. */
      readonly idempotencyKey?: string;
      /** When present the gateway answers this instead of storing an event. */
      readonly handshake?: HandshakeResponse;
    }
  | { readonly ok: false; readonly code: VerifyFailureCode; readonly message: string };

/** One usable version of a connection's credential (several exist during a rotation grace period). */
export type CredentialVersion =
  | { readonly id: string; readonly kind: 'plain'; readonly secret: string }
  /**
   * A one-way hashed secret (bcrypt at rest). `matches` compares a presented value in constant time;
   * the gateway builds it over its cached hasher, so the verifier stays free of I/O.
   */
  | { readonly id: string; readonly kind: 'hashed'; matches(presented: string): Promise<boolean> }
  | { readonly id: string; readonly kind: 'public_key'; readonly publicKey: string };

/** Builds a failure result. */
export function unauthorized(message: string): VerifyResult {
  return { ok: false, code: 'UNAUTHORIZED', message: `UNAUTHORIZED: ${message}` };
}

/** The success result without extras. */
export const VERIFIED: VerifyResult = { ok: true };
