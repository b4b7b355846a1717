/**
 * Twilio: base64 HMAC-SHA1 of the full URL plus the form parameters sorted by name (`name+value`). JSON bodies
 * are not in the signed content: Twilio appends `bodySHA256=<hex SHA-256 of the body>` to the URL instead,
 * which must then match the body. Like Twilio's SDK, the URL is tried with and without its default port, then
 * as `new URL()` normalizes it.
 */
import { createHash } from 'node:crypto';
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import { compileSpec } from '../engine/compile.ts';
import { defineProvider, type ProviderConfig } from '../engine/define.ts';
import { signWithSpec } from '../engine/sign.ts';
import type { HookContext, ProviderSpec } from '../engine/spec.ts';
import { verifyWithSpec } from '../engine/verify.ts';
import type { Scheme } from '../scheme.ts';
import type { VerifyResult } from '../types.ts';

function isForm(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().includes('application/x-www-form-urlencoded') ?? false;
}

function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

function queryParam(url: string, name: string): string | null {
  return URL.canParse(url) ? new URL(url).searchParams.get(name) : null;
}

/** A non-form body is only authenticated through the signed `bodySHA256` query parameter. */
function bodyHashCheck({ request }: HookContext): string | null {
  if (isForm(request.headers['content-type'])) return null;
  const expected = request.publicUrl === undefined ? null : queryParam(request.publicUrl, 'bodySHA256');
  if (expected === null) return 'Twilio request has a non-form body but no bodySHA256 in its URL';
  return expected.toLowerCase() === sha256Hex(request.body)
    ? null
    : 'Twilio bodySHA256 does not match the body';
}

/** The same URL with its default port added, or removed when present (Twilio may sign either form). */
export function togglePort(url: string): string | null {
  try {
    const parsed = new URL(url);
    const fallback = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '';
    if (fallback === '') return null;
    if (parsed.port === '') return url.replace(parsed.host, `${parsed.hostname}:${fallback}`);
    return parsed.port === fallback ? url.replace(`${parsed.hostname}:${fallback}`, parsed.hostname) : null;
  } catch {
    return null;
  }
}

/** The query re-encoded by Node's legacy `querystring`, as Twilio's SDK tries for escaped back ends. */
function legacyQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0 || at === url.length - 1) return url;
  return `${url.slice(0, at)}?${stringifyQuery(parseQuery(url.slice(at + 1)))}`;
}

/**
 * Every URL Twilio's `validateRequest` accepts a signature over, in its order: as received with and without
 * the default port, then as `new URL()` normalizes it (percent-encoding), plain and with a legacy query.
 */
export function twilioUrlVariants(url: string): readonly string[] {
  const variants = [url, togglePort(url)];
  if (URL.canParse(url)) {
    const normalized = new URL(url).toString();
    for (const form of [normalized, togglePort(normalized)]) {
      if (form !== null) variants.push(form, legacyQuery(form));
    }
  }
  return [...new Set(variants.filter((variant): variant is string => variant !== null))];
}

const TWILIO_SPEC: ProviderSpec = {
  id: 'twilio',
  name: 'Twilio',
  category: 'communication',
  docsUrl: 'https://www.twilio.com/docs/usage/webhooks/webhooks-security#validating-signatures-from-twilio',
  algorithm: 'hmac-sha1',
  signature: { header: 'X-Twilio-Signature', format: { kind: 'single' }, encoding: 'base64' },
  content: '{url}{form}',
  check: bodyHashCheck,
  idempotency: [{ header: 'I-Twilio-Idempotency-Token' }],
};

const compiled = compileSpec(TWILIO_SPEC);

function isMismatch(result: VerifyResult): boolean {
  return !result.ok && result.message.endsWith('signature mismatch');
}

/** The Twilio scheme (URL + sorted form params, or URL with bodySHA256 for JSON bodies). */
export const TWILIO_SCHEME: Scheme<ProviderConfig> = defineProvider(TWILIO_SPEC, {
  verify(request, config, credentials, now) {
    const first = verifyWithSpec(compiled, request, config, credentials, now);
    if (request.publicUrl === undefined || first instanceof Promise || !isMismatch(first)) return first;
    for (const publicUrl of twilioUrlVariants(request.publicUrl).slice(1)) {
      const next = verifyWithSpec(compiled, { ...request, publicUrl }, config, credentials, now);
      if (next instanceof Promise || !isMismatch(next)) return next;
    }
    return first;
  },
  sign(body, _config, secret, now, url) {
    const first = Buffer.from(body).toString('utf8').trimStart()[0];
    if (first !== '{' && first !== '[') return signWithSpec(compiled, body, secret, now, url);
    const withHash = new URL(url);
    withHash.searchParams.set('bodySHA256', sha256Hex(body));
    const signed = signWithSpec(compiled, body, secret, now, withHash.toString());
    return { ...signed, url: withHash.toString() };
  },
});
