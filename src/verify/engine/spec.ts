/**
 * The declarative shape of a provider signature scheme. A provider is one `ProviderSpec` value (a table row);
 * `defineProvider` turns it into a `Scheme` run by the engine.
 */
import type { HandshakeResponse, VerifyRequest } from '../types.ts';

/** How the signature is computed or checked. */
export type Algorithm =
  | 'hmac-sha1'
  | 'hmac-sha256'
  | 'hmac-sha512'
  /** Plain SHA-256 of the content; the template carries `{secret}` (HubSpot v1/v2). */
  | 'sha256'
  /** The header carries the secret itself (GitLab, Telegram, Okta, Basic auth). */
  | 'token'
  | 'ed25519'
  /** ECDSA P-256 with SHA-256; DER or raw (IEEE P1363) signatures. */
  | 'ecdsa-p256-sha256'
  | 'rsa-sha256'
  | 'rsa-pss-sha256';

/** How the plaintext secret becomes HMAC key bytes. */
export type KeyFormat =
  /** The secret's UTF-8 bytes, as-is (Stripe's `whsec_…` included). */
  | 'utf8'
  | 'hex'
  | 'base64'
  /** `whsec_<base64>` (Svix, Standard Webhooks): prefix stripped, base64-decoded. */
  | 'whsec';

/** How signature bytes are written in the header. */
export type SignatureEncoding = 'hex' | 'base64' | 'utf8';

/** The layout of the signature header's value. */
export type SignatureFormat =
  /** The whole value (after an optional prefix, e.g. `sha256=`) is one signature. */
  | { readonly kind: 'single'; readonly prefix?: string }
  /**
   * One or more signatures, each after the prefix, separated by commas, semicolons or spaces (those not part of
   * the prefix): `v1=<a>,v1=<b>` during a rotation. Entries without the prefix are ignored. Generic `hmac`.
   */
  | { readonly kind: 'values'; readonly prefix?: string }
  /**
   * A list of `key<kvSep>value` entries separated by `entrySep`: `t=…,v1=…` (Stripe), `ts=…;h1=…` (Paddle),
   * `v1,<sig> v1,<sig>` (Svix). Every entry whose key is `version` is a candidate (rotation).
   */
  | {
      readonly kind: 'list';
      readonly entrySep: string;
      readonly kvSep: string;
      readonly version: string;
      readonly timestampKey?: string;
    };

/** Where the signature is found. Header names are written as providers document them. */
export type SignatureSource =
  | {
      readonly header: string;
      /** Other names the same signature is sent under (Shopify Events: `Shopify-Hmac-Sha256`), tried in order. */
      readonly alsoHeaders?: readonly string[];
      readonly format: SignatureFormat;
      readonly encoding: SignatureEncoding;
    }
  /** A dotted path to a string field of the JSON body (Mailgun `signature.signature`). */
  | { readonly json: string; readonly encoding: SignatureEncoding };

/** Where the timestamp is found. */
export type TimestampSource =
  | { readonly header: string }
  /** The `timestampKey` entry of a `list` signature header. */
  | { readonly inSignature: true }
  /** A dotted path into the JSON body. */
  | { readonly json: string };

/** A timestamp, its unit, and the tolerance applied in both directions. */
export interface TimestampSpec {
  readonly from: TimestampSource;
  readonly unit: 's' | 'ms' | 'iso';
}

/** Where a delivery id usable for deduplication is found. */
export type IdSource = { readonly header: string } | { readonly json: string };

/** What hooks see of a request being verified. */
export interface HookContext {
  readonly request: VerifyRequest;
  /** The parsed JSON body, or undefined when it is not JSON. */
  readonly json: unknown;
  /** The plaintext secret of the credential that matched (symmetric schemes). */
  readonly secret?: string;
}

/** Answers a provider handshake; returns undefined for ordinary events. */
export type HandshakeHook = (context: HookContext) => HandshakeResponse | undefined;

/** An extra check after the signature matched; returns an error message or null. */
export type ExtraCheck = (context: HookContext) => string | null;

/** One provider's signature scheme, as data. */
export interface ProviderSpec {
  /** snake_case mode id, e.g. `stripe`, `hubspot_v3`. */
  readonly id: string;
  /** Name used in messages and the catalogue, e.g. `Stripe`. */
  readonly name: string;
  readonly category: string;
  readonly docsUrl: string;
  readonly algorithm: Algorithm;
  /** Secret to key bytes; `utf8` when absent. Ignored by asymmetric algorithms. */
  readonly key?: KeyFormat;
  readonly signature: SignatureSource;
  /**
   * Signed content template: literal text plus `{body}`, `{timestamp}`, `{id}`, `{method}`, `{url}`,
   * `{form}` (form params sorted by key, `key+value`), `{secret}`, `{header:<name>}`, `{json:<path>}`.
   */
  readonly content: string;
  readonly timestamp?: TimestampSpec;
  /**
   * Default tolerance in seconds, checked in both directions (300 when absent). `null`: the timestamp is signed
   * but the provider documents no window, so it is only checked when `auth.tolerance` is set.
   */
  readonly tolerance?: number | null;
  /**
   * Shortest secret the provider's own documentation allows, when it is below the common minimum of
   * 16 characters (text secrets only).
   */
  readonly minSecretLength?: number;
  /** Header carrying the message id used by `{id}`. */
  readonly messageId?: string;
  /** Delivery id sources, tried in order; `X-Idempotency-Key` is the fallback. */
  readonly idempotency?: readonly IdSource[];
  /** Answers a handshake before verification (unsigned challenges such as Dropbox's GET). */
  readonly preHandshake?: HandshakeHook;
  /** Answers a handshake after the signature verified (Slack, Zoom, Twitch). */
  readonly handshake?: HandshakeHook;
  readonly check?: ExtraCheck;
  /** Rewrites the public URL before it is signed (HubSpot v3 decodes some percent-escapes). */
  readonly normalizeUrl?: (url: string) => string;
}
