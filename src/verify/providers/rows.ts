/**
 * Row builders for the common shapes, so most catalogue entries are one line of data: an HMAC over the raw
 * body in one header, a Svix/Standard Webhooks clone, a static token header.
 */
import type { Algorithm, IdSource, KeyFormat, ProviderSpec, SignatureEncoding } from '../engine/spec.ts';
import { SVIX_LIST, SVIX_TOLERANCE_SECONDS } from './named.ts';

/** Who the provider is: id, display name, category and documentation URL. */
export interface ProviderIdentity {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly docsUrl: string;
}

/** Options of a body-only HMAC row. */
export interface BodyHmacOptions {
  readonly prefix?: string;
  readonly algorithm?: Algorithm;
  readonly idempotency?: readonly IdSource[];
}

/** A one-value signature header, after an optional prefix (`sha256=`). */
function singleFormat(prefix: string | undefined) {
  return prefix === undefined ? { kind: 'single' as const } : { kind: 'single' as const, prefix };
}

/** `<header>: <prefix><encoding(HMAC(secret, raw body))>`: the shape of most `hmac` presets. */
export function bodyHmac(
  who: ProviderIdentity,
  header: string,
  encoding: SignatureEncoding,
  options: BodyHmacOptions = {},
): ProviderSpec {
  const format = singleFormat(options.prefix);
  return {
    ...who,
    algorithm: options.algorithm ?? 'hmac-sha256',
    signature: { header, format, encoding },
    content: '{body}',
    ...(options.idempotency === undefined ? {} : { idempotency: options.idempotency }),
  };
}

/** A provider delivering through Svix (`svix-*` headers) or the Standard Webhooks spec (`webhook-*`). */
export function svixClone(
  who: ProviderIdentity,
  prefix: 'svix' | 'webhook',
  key: KeyFormat = 'whsec',
): ProviderSpec {
  return {
    ...who,
    algorithm: 'hmac-sha256',
    key,
    signature: { header: `${prefix}-signature`, format: SVIX_LIST, encoding: 'base64' },
    content: '{id}.{timestamp}.{body}',
    timestamp: { from: { header: `${prefix}-timestamp` }, unit: 's' },
    tolerance: SVIX_TOLERANCE_SECONDS,
    messageId: `${prefix}-id`,
    idempotency: [{ header: `${prefix}-id` }],
  };
}

/** The request carries the secret itself in a header (optionally after a prefix, optionally base64). */
export function staticToken(
  who: ProviderIdentity,
  header: string,
  options: {
    readonly prefix?: string;
    readonly encoding?: SignatureEncoding;
    readonly idempotency?: readonly IdSource[];
  } = {},
): ProviderSpec {
  const format = singleFormat(options.prefix);
  return {
    ...who,
    algorithm: 'token',
    signature: { header, format, encoding: options.encoding ?? 'utf8' },
    content: '',
    ...(options.idempotency === undefined ? {} : { idempotency: options.idempotency }),
  };
}
