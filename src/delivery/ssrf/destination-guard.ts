import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { BareFailure } from '../../errors/index.ts';
import { judgeAddress } from './address-policy.ts';
import { parseDestination } from './destination-url.ts';

/** One resolved address. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to its addresses (injected; tests map names to private addresses). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo), every address, in the order the system gives them. */
export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, order: 'verbatim' });

/** A verdict on a URL or host: allowed, or why it is not (the message). */
export type GuardVerdict = { readonly ok: true } | BareFailure;

/** The address to connect to for a host, or why none may be used (the message; `unresolved` when DNS gave none). */
export type PinResult =
  | { readonly ok: true; readonly address: string; readonly family: number }
  | (BareFailure & { readonly unresolved: boolean });

/** The SSRF guard: checks URLs (admin API) and picks the address a connection may use (delivery). */
export interface DestinationGuard {
  /** Static checks plus every resolved address; a host that does not resolve yet is accepted. */
  checkUrl(url: string): Promise<GuardVerdict>;
  /** Resolves `hostname` once; every address must be allowed; returns the first to connect to. */
  pin(hostname: string): Promise<PinResult>;
}

/** Options of {@link createDestinationGuard}. */
export interface DestinationGuardOptions {
  /** `HOOKGATE_ALLOW_PRIVATE_DESTINATIONS`: also allow loopback and private networks. */
  readonly allowPrivate: boolean;
  readonly resolver?: Resolver;
}

/**
 * Creates the guard. A name is refused when any of its addresses is refused (a mixed answer is how DNS
 * rebinding hides a private address), and the connection then goes to the address that was judged: the
 * delivery transport connects through `pin`, so nothing is resolved twice.
 */
export function createDestinationGuard(options: DestinationGuardOptions): DestinationGuard {
  const resolver = options.resolver ?? systemResolver;

  async function pin(hostname: string): Promise<PinResult> {
    const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    if (isIP(bare) !== 0) {
      const verdict = judgeAddress(bare, options.allowPrivate);
      return verdict.ok
        ? { ok: true, address: bare, family: isIP(bare) }
        : { ok: false, message: verdict.message, unresolved: false };
    }
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await resolver(bare);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'error';
      return { ok: false, message: `${bare} does not resolve (${code})`, unresolved: true };
    }
    const first = addresses[0];
    if (first === undefined) return { ok: false, message: `${bare} has no addresses`, unresolved: true };
    for (const { address } of addresses) {
      const verdict = judgeAddress(address, options.allowPrivate);
      if (!verdict.ok)
        return { ok: false, message: `${bare} resolves to ${verdict.message}`, unresolved: false };
    }
    return { ok: true, address: first.address, family: first.family };
  }

  return {
    pin,
    async checkUrl(url) {
      const parsed = parseDestination(url);
      if (!parsed.ok) return parsed;
      const host = parsed.host.kind === 'ip' ? parsed.host.address : parsed.host.name;
      const pinned = await pin(host);
      if (pinned.ok || pinned.unresolved) return { ok: true };
      return { ok: false, message: pinned.message };
    },
  };
}
