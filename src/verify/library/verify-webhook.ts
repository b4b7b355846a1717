/**
 * The `hookgate/verify` entry points: verify a webhook inside any app with the gateway's engine, without the
 * gateway. Options are the connection's `auth` object plus its credential(s); they are validated and compiled
 * once, then every request is a pure check (no I/O) against an injectable clock.
 */
import { prepareAuth } from '../prepare-auth.ts';
import { credentialField, findScheme } from '../registry.ts';
import type { Scheme } from '../scheme.ts';
import type { CredentialVersion, VerifyRequest, VerifyResult } from '../types.ts';
import { WebhookVerificationError } from './webhook-error.ts';

/**
 * What to verify with: `mode` plus that mode's fields, as the admin API takes them, and the credential —
 * `secret` (shared secret, HMAC key, token) or `publicKey` (asymmetric schemes). Pass several values during a
 * rotation: any of them may match. E.g. `{ mode: 'stripe', secret: 'whsec_…' }`,
 * `{ mode: 'hmac', preset: 'zendesk', secret: '…' }`, `{ mode: 'discord', publicKey: '…' }`.
 */
export type WebhookOptions = {
  readonly mode: string;
  readonly secret?: string | readonly string[];
  readonly publicKey?: string | readonly string[];
} & Readonly<Record<string, unknown>>;

/** Per-call settings. */
export interface VerifySettings {
  /** The current time; defaults to `new Date()`. Tests pass a fixed date. */
  readonly now?: Date;
  /**
   * Public base URL the sender called (`https://hooks.example.com`), for URL-signed schemes (Twilio, Square,
   * HubSpot…) behind a proxy: the request's path and query are appended. Overrides the options' `publicUrl`
   * and the absolute URL a Fetch `Request` carries.
   */
  readonly publicUrl?: string;
  /**
   * `false` skips looking up the provider delivery id (`idempotencyKey`), which for some providers (Stripe's
   * event `id`) means parsing the JSON body: use it when only the verdict matters. Handshakes still work.
   */
  readonly deliveryId?: boolean;
}

/** A successful verification: a provider delivery id and/or a handshake to answer, when there is one. */
export type VerifiedWebhook = Extract<VerifyResult, { ok: true }>;

/** A compiled verifier for one provider configuration. */
export interface WebhookVerifier {
  /** The auth mode, e.g. `stripe`. */
  readonly mode: string;
  /** The validated configuration (defaults and preset fields applied), without the credential. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Verifies a request; resolves to a result, never rejects. */
  verify(request: VerifyRequest, settings?: VerifySettings): Promise<VerifyResult>;
  /**
   * The same check, synchronously: library credentials are plaintext secrets or public keys, so every
   * scheme decides without waiting (use it where a framework hook must not be async).
   */
  verifySync(request: VerifyRequest, settings?: VerifySettings): VerifyResult;
  /**
   * Verifies a request; resolves on success.
   * @throws {WebhookVerificationError} `UNAUTHORIZED` with the failure message.
   */
  verifyOrThrow(request: VerifyRequest, settings?: VerifySettings): Promise<VerifiedWebhook>;
}

function credentialValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function toCredential(scheme: Scheme, value: string, index: number): CredentialVersion {
  const id = `v${index + 1}`;
  return scheme.storage === 'public_key'
    ? { id, kind: 'public_key', publicKey: value }
    : { id, kind: 'plain', secret: value };
}

/** `https://hooks.example.com` + `/webhooks/x?y=1`, keeping the path and query bytes as received. */
export function joinPublicUrl(base: string, pathAndQuery: string): string {
  return base.replace(/\/+$/, '') + (pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`);
}

function withPublicUrl(request: VerifyRequest, base: string | undefined): VerifyRequest {
  return base === undefined ? request : { ...request, publicUrl: joinPublicUrl(base, request.url) };
}

/**
 * Validates options once and returns a verifier for them.
 * @throws {WebhookVerificationError} `INVALID_CONFIG` naming the offending field (never echoing a secret).
 */
export function createWebhookVerifier(options: WebhookOptions): WebhookVerifier {
  const scheme = findScheme(options?.mode);
  if (scheme === undefined) {
    const problem = prepareAuth(options);
    throw new WebhookVerificationError('INVALID_CONFIG', problem.ok ? 'auth.mode: unknown' : problem.message);
  }
  const field = credentialField(scheme);
  const { secret: _secret, publicKey: _publicKey, ...fields } = options;
  const values = credentialValues(options[field]);
  if (values.length === 0) {
    throw new WebhookVerificationError('INVALID_CONFIG', `auth.${field}: is required for mode ${scheme.id}`);
  }
  let config: Readonly<Record<string, unknown>> = {};
  for (const value of values) {
    const prepared = prepareAuth({ ...fields, [field]: value }, { generate: false });
    if (!prepared.ok) throw new WebhookVerificationError('INVALID_CONFIG', prepared.message);
    config = prepared.config;
  }
  const credentials = values.map((value, index) => toCredential(scheme, value, index));
  const configuredUrl = typeof config.publicUrl === 'string' ? config.publicUrl : undefined;
  const withoutId = { ...config, idempotency: false };
  const run = (request: VerifyRequest, settings: VerifySettings = {}) =>
    scheme.verify(
      withPublicUrl(request, settings.publicUrl ?? configuredUrl),
      settings.deliveryId === false ? withoutId : config,
      credentials,
      settings.now ?? new Date(),
    );
  const verify = async (request: VerifyRequest, settings?: VerifySettings) => run(request, settings);
  return {
    mode: scheme.id,
    config,
    verify,
    verifySync(request, settings) {
      const result = run(request, settings);
      if (result instanceof Promise) {
        throw new WebhookVerificationError('INVALID_CONFIG', `mode ${scheme.id} verifies asynchronously`);
      }
      return result;
    },
    async verifyOrThrow(request, settings) {
      const result = await verify(request, settings);
      if (!result.ok) throw new WebhookVerificationError('UNAUTHORIZED', result.message);
      return result;
    },
  };
}

const compiled = new WeakMap<object, WebhookVerifier>();

function verifierFor(options: WebhookOptions | WebhookVerifier): WebhookVerifier {
  if ('verifyOrThrow' in options && typeof options.verifyOrThrow === 'function') {
    return options as WebhookVerifier;
  }
  const hit = compiled.get(options);
  if (hit !== undefined) return hit;
  const verifier = createWebhookVerifier(options as WebhookOptions);
  compiled.set(options, verifier);
  return verifier;
}

/**
 * Verifies `request` (see the adapters: `fromFetchRequest`, `fromNodeRequest`, `fromFastifyRequest`). Options
 * objects are compiled on first use and cached, so keep one per provider (a module constant).
 * @returns the result; a failure carries `code: 'UNAUTHORIZED'` and a message such as
 *   `UNAUTHORIZED: Stripe signature timestamp outside ±5 min tolerance`.
 * @throws {WebhookVerificationError} (as a rejection) `INVALID_CONFIG` only, for unusable options.
 */
export async function verifyWebhook(
  options: WebhookOptions | WebhookVerifier,
  request: VerifyRequest,
  settings?: VerifySettings,
): Promise<VerifyResult> {
  return verifierFor(options).verify(request, settings);
}

/**
 * Like {@link verifyWebhook}, but resolves only for a verified request.
 * @throws {WebhookVerificationError} (as a rejection) `UNAUTHORIZED` (the failure message) or `INVALID_CONFIG`.
 */
export async function verifyWebhookOrThrow(
  options: WebhookOptions | WebhookVerifier,
  request: VerifyRequest,
  settings?: VerifySettings,
): Promise<VerifiedWebhook> {
  return verifierFor(options).verifyOrThrow(request, settings);
}
