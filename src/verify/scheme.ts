import type { z } from 'zod';
import type { CredentialVersion, VerifyRequest, VerifyResult } from './types.ts';

/** How a scheme's credential is kept at rest by the gateway. */
export type CredentialStorage =
  /** One-way hash (bcrypt): the verifier only needs to compare a presented value. */
  | 'hash'
  /** Encrypted with the master key (AES-256-GCM): the verifier needs the plaintext to compute an HMAC. */
  | 'encrypted'
  /** A public key: not secret, stored as given. */
  | 'public_key';

/** What a sender-side signer produces for a test request (CLI `hookgate send`). */
export interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  /** The URL to send to, when the signer had to change it (Twilio adds `bodySHA256` for JSON bodies). */
  readonly url?: string;
}

/**
 * One auth scheme: declared once in the registry (`SCHEMES`), looked up by the connection's `auth.mode`.
 * `Config` is the scheme's public configuration: the `auth` object without `secret` / `publicKey`.
 */
export interface Scheme<Config = unknown> {
  readonly id: string;
  /** Human name, e.g. "HMAC signature". */
  readonly name: string;
  readonly category: string;
  /** One sentence for the dashboard's create form: what the sender does. */
  readonly description?: string;
  /** The create form's label of the credential field, when "Secret" / "Public key" would mislead. */
  readonly credentialLabel?: string;
  /** Provider documentation of its signature scheme. */
  readonly docsUrl?: string;
  /** Default timestamp tolerance in seconds, for schemes that check one (overridable by `auth.tolerance`). */
  readonly tolerance?: number;
  /** Validates the `auth` object given to the admin API (with `mode`, without the credential field). */
  readonly config: z.ZodType<Config>;
  readonly storage: CredentialStorage;
  /**
   * True when the credential itself travels in a request header (not a signature derived from it): anyone
   * who reads the traffic can replay it, so it belongs on TLS only (the gateway's insecure-transport guard).
   */
  readonly secretInHeader?: boolean;
  /**
   * Dotted paths of JSON body members that carry a signature (We-Link `hash`, Mailgun `signature.signature`);
   * the gateway redacts them in history body previews.
   */
  signatureFields?(config: Config): readonly string[];
  /** Lower-case names of headers that carry the credential or signature (redacted in history). */
  credentialHeaders?(config: Config): readonly string[];
  /** Generates a credential when the user gives none; absent when the user must provide one. */
  generateSecret?(config: Config): string;
  /** Checks a user-supplied credential; returns an error message or null when it is acceptable. */
  validateSecret?(secret: string, config: Config): string | null;
  /** Verifies a request against every active credential version; any match passes. */
  verify(
    request: VerifyRequest,
    config: Config,
    credentials: readonly CredentialVersion[],
    now: Date,
  ): VerifyResult | Promise<VerifyResult>;
  /** Signs a test request the way the sender would (needs the plaintext secret or private key). */
  sign?(body: Uint8Array, config: Config, secret: string, now: Date, url: string): SignedRequest;
}
