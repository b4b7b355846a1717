import ipaddr from 'ipaddr.js';
import type { BareFailure } from '../../errors/index.ts';

/** Whether an address may be connected to, and why not (the message). */
export type AddressVerdict = { readonly ok: true } | BareFailure;

/** Cloud metadata services: refused even with `allowPrivateDestinations`. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

/** Ranges `allowPrivateDestinations` opens (local development and tests). */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'linkLocal', 'carrierGradeNat', 'uniqueLocal']);

const RANGE_REASONS: Readonly<Record<string, string>> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  private: 'a private (RFC 1918) address',
  reserved: 'a reserved address',
  uniqueLocal: 'a unique-local (fc00::/7) address',
  teredo: 'a Teredo tunnel address',
};

function refuse(address: string, what: string): AddressVerdict {
  return { ok: false, message: `${address} is ${what}` };
}

/** The IPv4 address an IPv6 address embeds (mapped, translated, NAT64, 6to4, IPv4-compatible), if any. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const parts = address.parts;
  const range = address.range();
  const fromLow = (): ipaddr.IPv4 =>
    new ipaddr.IPv4([
      (parts[6] ?? 0) >> 8,
      (parts[6] ?? 0) & 255,
      (parts[7] ?? 0) >> 8,
      (parts[7] ?? 0) & 255,
    ]);
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromLow();
  // NAT64 well-known prefix 64:ff9b::/96; the local-use 64:ff9b:1::/48 stays special-purpose (refused).
  if (range === 'rfc6052' && parts.slice(2, 6).every((part) => part === 0)) return fromLow();
  if (range === '6to4') {
    const [, high = 0, low = 0] = parts;
    return new ipaddr.IPv4([high >> 8, high & 255, low >> 8, low & 255]);
  }
  const compatible = parts.slice(0, 6).every((part) => part === 0);
  if (compatible && range !== 'unspecified' && range !== 'loopback') return fromLow();
  return null;
}

function judge(address: ipaddr.IPv4 | ipaddr.IPv6, shown: string, allowPrivate: boolean): AddressVerdict {
  const canonical = address.toNormalizedString();
  const compact = address.kind() === 'ipv6' ? address.toString() : canonical;
  if (METADATA_ADDRESSES.has(compact)) return refuse(shown, 'a cloud metadata address');
  const range = address.range();
  if (range === 'unicast') return { ok: true };
  if (allowPrivate && PRIVATE_RANGES.has(range)) return { ok: true };
  return refuse(shown, RANGE_REASONS[range] ?? `a special-purpose address (${range})`);
}

/**
 * Decides whether hookgate may connect to `address` (an IP literal as a resolver or URL parser gives it).
 * Only globally routable unicast addresses pass; loopback, private, link-local, CGNAT, unique-local
 * pass too when `allowPrivate`. Unspecified, multicast, broadcast, reserved and cloud metadata addresses
 * never pass. IPv6 forms that embed an IPv4 address (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `::127.0.0.1`,
 * `64:ff9b::a00:1`, `2002:7f00:1::`) are judged by the embedded address. Non-canonical IPv4 spellings
 * (octal, hex, fewer parts) and zone ids are refused outright.
 */
export function judgeAddress(address: string, allowPrivate: boolean): AddressVerdict {
  if (address.includes('%')) return refuse(address, 'an IPv6 address with a zone id');
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    return judge(ipaddr.IPv4.parse(address), address, allowPrivate);
  }
  if (!ipaddr.IPv6.isValid(address)) return refuse(address, 'not a canonical IP address');
  const v6 = ipaddr.IPv6.parse(address);
  const embedded = embeddedIPv4(v6);
  if (embedded !== null) {
    const inner = judge(embedded, embedded.toString(), allowPrivate);
    return inner.ok ? inner : { ok: false, message: `${address} embeds ${inner.message}` };
  }
  if (v6.range() === 'teredo') return refuse(address, RANGE_REASONS.teredo ?? 'a tunnel address');
  return judge(v6, address, allowPrivate);
}
