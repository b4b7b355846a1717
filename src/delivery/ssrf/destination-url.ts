import { isIPv4 } from 'node:net';
import type { BareFailure } from '../../errors/index.ts';

/** Where a destination URL points: an IP literal, or a DNS name to resolve. */
export type DestinationHost =
  | { readonly kind: 'ip'; readonly address: string }
  | { readonly kind: 'name'; readonly name: string };

/** A destination URL that passed the static checks, or why it did not (the message). */
export type ParsedDestination =
  | { readonly ok: true; readonly url: URL; readonly host: DestinationHost }
  | BareFailure;

/** Longest accepted destination URL. */
export const MAX_URL_LENGTH = 2048;

function fail(message: string): ParsedDestination {
  return { ok: false, message };
}

/**
 * The static part of the SSRF guard. Parses with the WHATWG URL parser, which is also what undici uses,
 * so the host judged here is the host connected to: decimal, octal, hex and short IPv4 spellings
 * (`2130706433`, `0177.0.0.1`, `0x7f.1`) are normalized to dotted decimal, hosts are lower-cased, IPv6
 * zone ids are rejected as invalid. Refuses non-http(s) schemes, user info (`http://evil@127.0.0.1/`)
 * and `localhost` names (RFC 6761); a trailing dot is ignored for that check.
 */
export function parseDestination(text: string): ParsedDestination {
  if (text.length > MAX_URL_LENGTH) return fail(`the URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('the URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(`only http and https URLs are allowed, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username !== '' || url.password !== '')
    return fail('URLs with user info (user@host) are not allowed');
  const hostname = url.hostname;
  if (hostname === '') return fail('the URL has no host');
  if (hostname.startsWith('[') && hostname.endsWith(']')) {
    return { ok: true, url, host: { kind: 'ip', address: hostname.slice(1, -1) } };
  }
  if (isIPv4(hostname)) return { ok: true, url, host: { kind: 'ip', address: hostname } };
  const name = hostname.replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return fail(`${hostname} is a loopback name`);
  return { ok: true, url, host: { kind: 'name', name: hostname } };
}
